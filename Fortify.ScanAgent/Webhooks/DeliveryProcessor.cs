using Fortify.Core.Persistence;
using Fortify.Core.Webhooks;
using Fortify.ScanAgent.Jobs;
using Fortify.ScanAgent.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>
/// Stores a delivery, then turns it into at most one scan job or a settings change, exactly once. The hot path is
/// two statements: the insert that makes the delivery durable, and one statement that makes the job, its outbox
/// entry and audit event, supersedes older queued jobs and records the outcome atomically.
/// </summary>
internal sealed class DeliveryProcessor(
    FortifyDbContext db,
    DeliveryStore store,
    WebhookInterpreter interpreter,
    JobScheduler scheduler,
    RepositorySettingsStore settings,
    RepositoryMetadataCache metadata,
    OutboxSignal outbox,
    Reporting.CheckRunSignal checkRuns,
    ILogger<DeliveryProcessor> logger)
{
    public async Task<(DeliveryReceipt Receipt, bool IsNew)> AcceptAsync(WebhookEnvelope envelope, CancellationToken cancellationToken)
    {
        var stored = await store.StoreAsync(envelope, cancellationToken);
        if (stored.IsDecided)
        {
            return (stored.ToReceipt(), stored.IsNew);
        }

        var contentType = envelope.Headers.GetValueOrDefault("Content-Type");
        return (await DecideAsync(stored, envelope.Event, contentType, envelope.Body, replay: false, cancellationToken), stored.IsNew);
    }

    /// <summary>Decides a stored delivery again, whatever it was answered with before.</summary>
    public async Task<DeliveryReceipt> ReplayAsync(long id, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == id, cancellationToken);
        var stored = new StoredDelivery(delivery.Id, delivery.DeliveryId, false, delivery.Outcome, delivery.JobId, delivery.OutcomeReason);
        var contentType = delivery.Headers.GetValueOrDefault("Content-Type");
        return await DecideAsync(stored, delivery.Event, contentType, delivery.Body, replay: true, cancellationToken);
    }

    private async Task<DeliveryReceipt> DecideAsync(
        StoredDelivery stored, string gitHubEvent, string? contentType, byte[] body, bool replay, CancellationToken cancellationToken)
    {
        try
        {
            var interpretation = interpreter.Interpret(gitHubEvent, contentType, body);
            var decision = new DeliveryDecision(
                stored.Id, stored.DeliveryId, interpretation.Action, interpretation.Repository, interpretation.InstallationId, replay);
            // Null: another processor decided this delivery first; its answer is the answer.
            return await ApplyAsync(decision, interpretation.Decision, cancellationToken)
                ?? (await store.FindAsync(stored.Id, cancellationToken)).ToReceipt();
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not System.Data.Common.DbException)
        {
            logger.LogError(exception, "Delivery {DeliveryId} failed; a redelivery or replay processes it again", stored.DeliveryId);
            await store.RecordFailureAsync(stored.Id, exception.Message, cancellationToken);
            return new DeliveryReceipt(stored.DeliveryId, "failed", Reason: exception.Message);
        }
    }

    private async Task<DeliveryReceipt?> ApplyAsync(DeliveryDecision delivery, WebhookDecision decision, CancellationToken ct)
    {
        switch (decision)
        {
            case WebhookDecision.Scan scan:
                var repository = await settings.GetOrCreateAsync(scan.Repository, delivery.InstallationId, ct);
                if (!repository.Enabled)
                {
                    return await IgnoreAsync(delivery, $"Scanning is disabled for {scan.Repository}.", ct);
                }

                if (scan.IsDraft && !repository.ScanDraftPullRequests)
                {
                    return await IgnoreAsync(delivery, "A draft pull request; this repository does not scan drafts.", ct);
                }

                (await metadata.GetAsync(scan.Repository, ct))?.AddTo(scan.Context);
                scan.Context["delivery_id"] = delivery.DeliveryId;
                if (delivery.InstallationId is { } installationId)
                {
                    scan.Context[Core.Jobs.ScanJob.InstallationIdKey] = installationId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                if (await scheduler.ScheduleAsync(delivery, scan, repository.Priority, ct) is not { } job)
                {
                    return null;
                }

                if (job.Created)
                {
                    outbox.Notify();
                    checkRuns.Notify();
                }

                return new DeliveryReceipt(delivery.DeliveryId, "processed", job.JobId, job.Created ? null : JobScheduler.LiveJobReason);

            case WebhookDecision.ChangeRepositories change:
                return await settings.ApplyAsync(delivery, change, ct);

            case WebhookDecision.Ignore ignore:
                return await IgnoreAsync(delivery, ignore.Reason, ct);

            default:
                throw new InvalidOperationException($"Unknown decision {decision.GetType().Name}.");
        }
    }

    private async Task<DeliveryReceipt?> IgnoreAsync(DeliveryDecision delivery, string reason, CancellationToken ct) =>
        await store.RecordAsync(delivery, DeliveryOutcome.Ignored, reason, ct)
            ? new DeliveryReceipt(delivery.DeliveryId, "ignored", Reason: reason)
            : null;
}
