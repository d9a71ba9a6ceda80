using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fortify.Core.GitHub;

internal sealed class StoredGitHubTokenConfiguration : IEntityTypeConfiguration<StoredGitHubToken>
{
    public void Configure(EntityTypeBuilder<StoredGitHubToken> token)
    {
        token.ToTable("github_tokens");
        token.HasKey(t => t.Key);
        token.Property(t => t.Key).HasMaxLength(100);
    }
}
