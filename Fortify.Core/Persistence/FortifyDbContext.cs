using Fortify.Core.GitHub;
using Fortify.Core.Jobs;
using Fortify.Core.Repositories;
using Fortify.Core.Scanning;
using Fortify.Core.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Fortify.Core.Persistence;

public sealed class FortifyDbContext(DbContextOptions<FortifyDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public const string ConnectionName = "fortify";

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<ScanJob> ScanJobs => Set<ScanJob>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<JobEvent> JobEvents => Set<JobEvent>();
    public DbSet<RepositorySettings> RepositorySettings => Set<RepositorySettings>();
    public DbSet<ScanFinding> ScanFindings => Set<ScanFinding>();
    public DbSet<ScanReport> ScanReports => Set<ScanReport>();
    public DbSet<StoredGitHubToken> GitHubTokens => Set<StoredGitHubToken>();

    /// <summary>The Data Protection key ring, shared by every replica so each can read what another encrypted.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FortifyDbContext).Assembly);
}
