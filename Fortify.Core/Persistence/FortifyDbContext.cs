using Fortify.Core.Jobs;
using Fortify.Core.Repositories;
using Fortify.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Fortify.Core.Persistence;

public sealed class FortifyDbContext(DbContextOptions<FortifyDbContext> options) : DbContext(options)
{
    public const string ConnectionName = "fortify";

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<ScanJob> ScanJobs => Set<ScanJob>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<JobEvent> JobEvents => Set<JobEvent>();
    public DbSet<RepositorySettings> RepositorySettings => Set<RepositorySettings>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FortifyDbContext).Assembly);
}
