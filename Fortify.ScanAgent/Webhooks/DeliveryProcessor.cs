using Fortify.Core.Persistence;
using Fortify.Core.Webhooks;
using Fortify.ScanAgent.Jobs;
using Fortify.ScanAgent.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>Stores a delivery, then turns it into at most one scan job or a settings change, exactly once.</summary>
internal sealed class DeliveryProcessor(
    FortifyDbContext db,
    DeliveryStore store,
    WebhookInterpreter interpreter,
    JobScheduler scheduler,
    RepositorySettingsStore settings,
    RepositoryMetadataCache metadata,
    OutboxPublisher outbox,
    TimeProvider clock,
    ILogger<DeliveryProcessor> logger)
{
    public async Task<(DeliveryReceipt Receipt, bool IsNew)> AcceptAsync(WebhookEnvelope envelope, CancellationToken cancellationToken)
    {
        var (id, isNew) = await store.StoreAsync(envelope, cancellationToken);
        return (await ProcessAsync(id, replay: false, cancellationToken), isNew);
    }

    /// <summary>
    /// Decides a stored delivery under a row lock. A delivery already processed or ignored keeps its first outcome
    /// unless it is replayed; one that failed, or was never decided, is processed again.
    /// </summary>
    public async Task<DeliveryReceipt> ProcessAsync(long id, bool replay, CancellationToken cancellationToken)
    {
        var stored = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == id, cancellationToken);
        if (!replay && IsDecided(stored))
        {
            return ReceiptOf(stored);
        }

        var interpretation = interpreter.Interpret(stored.Event, stored.Headers.GetValueOrDefault("Content-Type"), stored.Body);
        // GitHub is asked before the transaction, so no row lock waits on the network.
        var repositoryMetadata = interpretation.Decision is WebhookDecision.Scan scan
            ? await metadata.GetAsync(scan.Repository, cancellationToken)
            : null;

        try
        {
            var (receipt, publishJob) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var delivery = await db.WebhookDeliveries
                    .FromSql($"""SELECT * FROM webhook_deliveries WHERE "Id" = {id} FOR UPDATE""")
                    .SingleAsync(ct);
                if (!replay && IsDecided(delivery))
                {
                    return (ReceiptOf(delivery), (Guid?)null);
                }

                delivery.Action = interpretation.Action;
                delivery.Repository = interpretation.Repository;
                delivery.InstallationId = interpretation.InstallationId;
                var (outcome, reason, jobId, created) = await ApplyAsync(delivery, interpretation.Decision, repositoryMetadata, ct);
                delivery.Outcome = outcome;
                delivery.OutcomeReason = reason;
                delivery.JobId = jobId;
                delivery.ProcessedAt = clock.GetUtcNow();
                delivery.Attempts++;
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return (ReceiptOf(delivery), created ? jobId : null);
            }, cancellationToken);

            if (publishJob is { } newJob)
            {
                await outbox.PublishJobAsync(newJob, cancellationToken);
            }

            return receipt;
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not System.Data.Common.DbException)
        {
            logger.LogError(exception, "Delivery {DeliveryId} failed; a redelivery or replay processes it again", stored.DeliveryId);
            await db.WebhookDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(update => update
                .SetProperty(d => d.Outcome, DeliveryOutcome.Failed)
                .SetProperty(d => d.OutcomeReason, exception.Message)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
            return new DeliveryReceipt(stored.DeliveryId, "failed", Reason: exception.Message);
        }
    }

    private async Task<(DeliveryOutcome Outcome, string? Reason, Guid? JobId, bool Created)> ApplyAsync(
        WebhookDelivery delivery, WebhookDecision decision, RepositoryMetadata? repositoryMetadata, CancellationToken ct)
    {
        switch (decision)
        {
            case WebhookDecision.Scan scan:
                var repository = await settings.GetOrCreateAsync(scan.Repository, delivery.InstallationId, ct);
                if (!repository.Enabled)
                {
                    return (DeliveryOutcome.Ignored, $"Scanning is disabled for {scan.Repository}.", null, false);
                }

                if (scan.IsDraft && !repository.ScanDraftPullRequests)
                {
                    return (DeliveryOutcome.Ignored, "A draft pull request; this repository does not scan drafts.", null, false);
                }

                repositoryMetadata?.AddTo(scan.Context);
                scan.Context["delivery_id"] = delivery.DeliveryId;
                var job = await scheduler.ScheduleAsync(scan, repository.Priority, delivery.DeliveryId, ct);
                return (DeliveryOutcome.Processed, job.Created ? null : "A live job for this commit already exists.", job.JobId, job.Created);

            case WebhookDecision.ChangeRepositories change:
                var changed = await settings.ApplyAsync(change, ct);
                return (DeliveryOutcome.Processed, $"{changed} repositories {(change.Enabled ? "enabled" : "disabled")}.", null, false);

            case WebhookDecision.Ignore ignore:
                return (DeliveryOutcome.Ignored, ignore.Reason, null, false);

            default:
                throw new InvalidOperationException($"Unknown decision {decision.GetType().Name}.");
        }
    }

    private static bool IsDecided(WebhookDelivery delivery) =>
        delivery.Outcome is DeliveryOutcome.Processed or DeliveryOutcome.Ignored;

    private static DeliveryReceipt ReceiptOf(WebhookDelivery delivery) =>
        new(delivery.DeliveryId, delivery.Outcome.ToString().ToLowerInvariant(), delivery.JobId, delivery.OutcomeReason);
}
