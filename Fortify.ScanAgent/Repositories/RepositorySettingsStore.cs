using Fortify.Core.Persistence;
using Fortify.Core.Repositories;
using Fortify.ScanAgent.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Repositories;

/// <summary>Repository settings: made on first sight (enabled, normal priority), changed by installation events.</summary>
internal sealed class RepositorySettingsStore(FortifyDbContext db, TimeProvider clock)
{
    public async Task<RepositorySettings> GetOrCreateAsync(string repository, long? installationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Concurrent first deliveries for one repository both insert; the unique key keeps one row.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO repository_settings ("Repository", "InstallationId", "Enabled", "Priority", "ScanDraftPullRequests", "CreatedAt", "UpdatedAt")
            VALUES ({repository}, {installationId}, TRUE, 'Normal', FALSE, {now}, {now})
            ON CONFLICT ("Repository") DO NOTHING
            """, cancellationToken);
        return await db.RepositorySettings.AsNoTracking().SingleAsync(s => s.Repository == repository, cancellationToken);
    }

    /// <summary>Enables or disables the named repositories (and, for the whole installation, every one it holds).</summary>
    public async Task<int> ApplyAsync(WebhookDecision.ChangeRepositories change, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var repository in change.Repositories)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO repository_settings ("Repository", "InstallationId", "Enabled", "Priority", "ScanDraftPullRequests", "CreatedAt", "UpdatedAt")
                VALUES ({repository}, {change.InstallationId}, {change.Enabled}, 'Normal', FALSE, {now}, {now})
                ON CONFLICT ("Repository") DO UPDATE
                SET "Enabled" = EXCLUDED."Enabled", "InstallationId" = EXCLUDED."InstallationId", "UpdatedAt" = EXCLUDED."UpdatedAt"
                """, cancellationToken);
        }

        var wholeInstallation = change.WholeInstallation
            ? await db.RepositorySettings
                .Where(s => s.InstallationId == change.InstallationId && !change.Repositories.Contains(s.Repository))
                .ExecuteUpdateAsync(update => update
                    .SetProperty(s => s.Enabled, change.Enabled)
                    .SetProperty(s => s.UpdatedAt, now), cancellationToken)
            : 0;
        return change.Repositories.Count + wholeInstallation;
    }
}
