using System.Text.Json;
using Fortify.Core.Persistence;
using Fortify.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>Keeps deliveries exactly as they came, deduplicated on (hook id, delivery id).</summary>
internal sealed class DeliveryStore(FortifyDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Stores the delivery unless it is already stored: one atomic insert, committed on its own, so the delivery is
    /// durable before anything parses it and concurrent redeliveries cannot both win.
    /// </summary>
    public async Task<StoredDelivery> StoreAsync(WebhookEnvelope envelope, CancellationToken cancellationToken)
    {
        var hookId = envelope.Headers.TryGetValue(GitHubHeaders.HookId, out var hook) && long.TryParse(hook, out var parsed) ? parsed : 0;
        var headers = JsonSerializer.Serialize(envelope.Headers);
        var inserted = await db.Database.SqlQuery<long>($"""
            INSERT INTO webhook_deliveries ("HookId", "DeliveryId", "Event", "Headers", "Body", "ReceivedAt", "Outcome", "Attempts")
            VALUES ({hookId}, {envelope.DeliveryId}, {envelope.Event}, {headers}::jsonb, {envelope.Body}, {envelope.ReceivedAt}, 'Received', 0)
            ON CONFLICT ("HookId", "DeliveryId") DO NOTHING
            RETURNING "Id" AS "Value"
            """).ToListAsync(cancellationToken);
        if (inserted.Count == 1)
        {
            return new StoredDelivery(inserted[0], envelope.DeliveryId, IsNew: true, DeliveryOutcome.Received, null, null);
        }

        return await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.HookId == hookId && d.DeliveryId == envelope.DeliveryId)
            .Select(d => new StoredDelivery(d.Id, d.DeliveryId, false, d.Outcome, d.JobId, d.OutcomeReason))
            .SingleAsync(cancellationToken);
    }

    /// <summary>
    /// Records the outcome of a decision that made no job. False when the delivery was already decided (and this is
    /// not a replay): the first outcome stands.
    /// </summary>
    public async Task<bool> RecordAsync(DeliveryDecision delivery, DeliveryOutcome outcome, string? reason, CancellationToken cancellationToken)
    {
        var outcomeName = outcome.ToString();
        var now = clock.GetUtcNow();
        var updated = await db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_deliveries
            SET "Action" = {delivery.Action}, "Repository" = {delivery.Repository}, "InstallationId" = {delivery.InstallationId},
                "Outcome" = {outcomeName}, "OutcomeReason" = {reason}, "JobId" = NULL, "ProcessedAt" = {now}, "Attempts" = "Attempts" + 1
            WHERE "Id" = {delivery.Id} AND ({delivery.Replay} OR "Outcome" NOT IN ('Processed', 'Ignored'))
            """, cancellationToken);
        return updated == 1;
    }

    /// <summary>Marks a delivery whose processing threw, so a redelivery or replay takes it up again.</summary>
    public Task RecordFailureAsync(long id, string reason, CancellationToken cancellationToken) =>
        db.WebhookDeliveries.Where(d => d.Id == id && d.Outcome != DeliveryOutcome.Processed && d.Outcome != DeliveryOutcome.Ignored)
            .ExecuteUpdateAsync(update => update
                .SetProperty(d => d.Outcome, DeliveryOutcome.Failed)
                .SetProperty(d => d.OutcomeReason, reason)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);

    /// <summary>What a delivery was answered with, for a redelivery or a processor that lost the race.</summary>
    public Task<StoredDelivery> FindAsync(long id, CancellationToken cancellationToken) =>
        db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Id == id)
            .Select(d => new StoredDelivery(d.Id, d.DeliveryId, false, d.Outcome, d.JobId, d.OutcomeReason))
            .SingleAsync(cancellationToken);
}

/// <summary>A stored delivery's key and outcome, without its body.</summary>
internal sealed record StoredDelivery(long Id, string DeliveryId, bool IsNew, DeliveryOutcome Outcome, Guid? JobId, string? Reason)
{
    public bool IsDecided => Outcome is DeliveryOutcome.Processed or DeliveryOutcome.Ignored;

    public DeliveryReceipt ToReceipt() => new(DeliveryId, Outcome.ToString().ToLowerInvariant(), JobId, Reason);
}
