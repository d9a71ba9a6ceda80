using Fortify.Core.Persistence;
using Fortify.Core.Repositories;
using Fortify.Core.Scanning;
using Fortify.Core.Webhooks;
using Fortify.ScanAgent.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Repositories;

/// <summary>Repository settings: made on first sight (enabled, normal priority), changed by installation events.</summary>
internal sealed class RepositorySettingsStore(FortifyDbContext db, DeliveryStore deliveries, TimeProvider clock)
{
    public async Task<RepositorySettings> GetOrCreateAsync(string repository, long? installationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // One statement: the row made now, or the one already there. A first sight racing another one for the same
        // repository waits for it and sees nothing in this snapshot, so it reads again.
        for (var round = 0; round < 2; round++)
        {
            var found = await db.RepositorySettings.FromSql($"""
                WITH made AS (
                    INSERT INTO repository_settings ("Repository", "InstallationId", "Enabled", "Priority", "ScanDraftPullRequests", "CreatedAt", "UpdatedAt")
                    VALUES ({repository}, {installationId}, TRUE, 'Normal', FALSE, {now}, {now})
                    ON CONFLICT ("Repository") DO NOTHING
                    RETURNING *
                )
                SELECT * FROM made
                UNION ALL
                SELECT * FROM repository_settings WHERE "Repository" = {repository}
                """).AsNoTracking().ToListAsync(cancellationToken);
            if (found.Count > 0)
            {
                return found[0];
            }
        }

        return await db.RepositorySettings.AsNoTracking().SingleAsync(s => s.Repository == repository, cancellationToken);
    }

    /// <summary>
    /// <see cref="GetOrCreateAsync"/> for the repositories of a batch of deliveries, in one statement. A repository
    /// is made with the installation id of its first delivery in the batch.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, RepositorySettings>> GetOrCreateAllAsync(
        IReadOnlyList<(string Repository, long? InstallationId)> repositories, CancellationToken cancellationToken)
    {
        var firstSight = repositories.DistinctBy(r => r.Repository).OrderBy(r => r.Repository, StringComparer.Ordinal).ToList();
        var names = firstSight.Select(r => r.Repository).ToArray();
        var installations = firstSight.Select(r => r.InstallationId).ToArray();
        var now = clock.GetUtcNow();
        var found = await db.RepositorySettings.FromSql($"""
            WITH input AS (
                SELECT * FROM unnest({names}::text[], {installations}::bigint[]) WITH ORDINALITY AS i(repository, installation_id, position)
            ),
            made AS (
                INSERT INTO repository_settings ("Repository", "InstallationId", "Enabled", "Priority", "ScanDraftPullRequests", "CreatedAt", "UpdatedAt")
                SELECT repository, installation_id, TRUE, 'Normal', FALSE, {now}, {now} FROM input ORDER BY position
                ON CONFLICT ("Repository") DO NOTHING
                RETURNING *
            )
            SELECT * FROM made
            UNION ALL
            SELECT s.* FROM repository_settings s WHERE s."Repository" IN (SELECT repository FROM input)
            """).AsNoTracking().ToListAsync(cancellationToken);

        var settings = found.DistinctBy(s => s.Repository).ToDictionary(s => s.Repository, StringComparer.Ordinal);
        foreach (var (repository, installationId) in firstSight.Where(r => !settings.ContainsKey(r.Repository)))
        {
            // Made by a request whose commit this statement's snapshot could not see.
            settings[repository] = await GetOrCreateAsync(repository, installationId, cancellationToken);
        }

        return settings;
    }

    /// <summary>
    /// Applies an installation change and records the delivery's outcome in one transaction; null when the delivery
    /// was already decided, in which case nothing changes.
    /// </summary>
    public Task<DeliveryReceipt?> ApplyAsync(DeliveryDecision delivery, WebhookDecision.ChangeRepositories change, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var changed = await ApplyAsync(change, ct);
            var reason = $"{changed} repositories {(change.Enabled ? "enabled" : "disabled")}.";
            if (!await deliveries.RecordAsync(delivery, DeliveryOutcome.Processed, reason, ct))
            {
                return null;
            }

            await transaction.CommitAsync(ct);
            return new DeliveryReceipt(delivery.DeliveryId, "processed", Reason: reason);
        }, cancellationToken);

    /// <summary>Enables or disables the named repositories (and, for the whole installation, every one it holds).</summary>
    private async Task<int> ApplyAsync(WebhookDecision.ChangeRepositories change, CancellationToken cancellationToken)
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
        if (change.Enabled)
        {
            await db.LiftAsync(change.Repositories, change.WholeInstallation ? change.InstallationId : null, now, cancellationToken);
        }

        return change.Repositories.Count + wholeInstallation;
    }
}
