using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Fortify.Core.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running stack; it never connects.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FortifyDbContext>
{
    public FortifyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FortifyDbContext>()
            .UseNpgsql("Host=localhost;Database=fortify")
            .Options);
}
