using Fortify.Core.Persistence;
using Fortify.Core.Repositories;
using Fortify.Core.Jobs;
using Fortify.Core.Webhooks;
using Fortify.ScanAgent.Jobs;
using Fortify.ScanAgent.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>
/// Turns stored deliveries into at most one scan job or a settings change each, exactly once. Deliveries decided
/// together share their round trips: one statement for their repositories' settings, then one batch of statements
/// (one per delivery: make the job, its outbox entry and audit event, supersede older queued jobs and record the
/// outcome) with one commit.
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
    /// <summary>The receipts, in the order of <paramref name="deliveries"/>.</summary>
    public async Task<IReadOnlyList<DeliveryReceipt>> DecideAllAsync(IReadOnlyList<PendingDelivery> deliveries, CancellationToken cancellationToken)
    {
        var unique = deliveries.DistinctBy(d => d.Stored.Id).ToList();
        Dictionary<long, DeliveryReceipt> receipts;
        if (unique.Count == 1)
        {
            receipts = new() { [unique[0].Stored.Id] = await DecideAloneAsync(unique[0], cancellationToken) };
        }
        else
        {
            try
            {
                receipts = await DecideTogetherAsync(unique, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One odd delivery or a deadlock with another replica must not fail the rest: each goes on its own.
                logger.LogWarning(exception, "{Count} deliveries are decided one by one", unique.Count);
                receipts = [];
                foreach (var delivery in unique)
                {
                    receipts[delivery.Stored.Id] = await DecideAloneAsync(delivery, cancellationToken);
                }
            }
        }

        return deliveries.Select(d => receipts[d.Stored.Id]).ToList();
    }

    /// <summary>Decides a stored delivery again, whatever it was answered with before.</summary>
    public async Task<DeliveryReceipt> ReplayAsync(long id, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == id, cancellationToken);
        var stored = new StoredDelivery(delivery.Id, delivery.DeliveryId, false, delivery.Outcome, delivery.JobId, delivery.OutcomeReason);
        return await DecideAloneAsync(new PendingDelivery(stored, delivery.Event, delivery.Headers, delivery.Body, Replay: true), cancellationToken);
    }

    private async Task<DeliveryReceipt> DecideAloneAsync(PendingDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            return (await DecideTogetherAsync([delivery], cancellationToken))[delivery.Stored.Id];
        }
        catch (Exception exception) when (!DatabaseOutage.Is(exception))
        {
            logger.LogError(exception, "Delivery {DeliveryId} failed; a redelivery or replay processes it again", delivery.Stored.DeliveryId);
            await store.RecordFailureAsync(delivery.Stored.Id, exception.Message, cancellationToken);
            return new DeliveryReceipt(delivery.Stored.DeliveryId, "failed", Reason: exception.Message);
        }
    }

    private async Task<Dictionary<long, DeliveryReceipt>> DecideTogetherAsync(IReadOnlyList<PendingDelivery> deliveries, CancellationToken ct)
    {
        var receipts = new Dictionary<long, DeliveryReceipt>(deliveries.Count);
        var scans = new List<(DeliveryDecision Delivery, WebhookDecision.Scan Scan)>();
        var ignores = new List<(DeliveryDecision Delivery, string Reason)>();
        foreach (var pending in deliveries)
        {
            var interpretation = interpreter.Interpret(pending.Event, pending.Headers.GetValueOrDefault("Content-Type"), pending.Body);
            var delivery = new DeliveryDecision(pending.Stored.Id, pending.Stored.DeliveryId, interpretation.Action,
                interpretation.Repository, interpretation.InstallationId, pending.Replay);
            switch (interpretation.Decision)
            {
                case WebhookDecision.Scan scan:
                    scans.Add((delivery, scan));
                    break;
                case WebhookDecision.Ignore ignore:
                    ignores.Add((delivery, ignore.Reason));
                    break;
                case WebhookDecision.ChangeRepositories change:
                    // Rare, and it changes many rows in its own transaction.
                    receipts[delivery.Id] = await settings.ApplyAsync(delivery, change, ct) ?? await AnsweredAsync(delivery, ct);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown decision {interpretation.Decision.GetType().Name}.");
            }
        }

        var jobs = await PlanScansAsync(scans, ignores, ct);
        var statements = jobs.Select(j => scheduler.Statement(j.Delivery, j.Scan, j.Repository))
            .Concat(ignores.Select(i => store.RecordStatement(i.Delivery, DeliveryOutcome.Ignored, i.Reason)))
            .ToList();
        var rows = await DecisionStatements.ExecuteAsync(db, statements, ct);

        var created = false;
        for (var i = 0; i < jobs.Count; i++)
        {
            var (delivery, scan, repository) = jobs[i];
            if (!JobScheduler.TryRead(rows[i], out var job))
            {
                job = await scheduler.ScheduleAsync(delivery, scan, repository, ct);
            }

            created |= job?.Created == true;
            receipts[delivery.Id] = job is null
                ? await AnsweredAsync(delivery, ct)
                : new DeliveryReceipt(delivery.DeliveryId, "processed", job.JobId, job.Created ? null : JobScheduler.LiveJobReason);
        }

        for (var i = 0; i < ignores.Count; i++)
        {
            var (delivery, reason) = ignores[i];
            receipts[delivery.Id] = rows[jobs.Count + i].Claimed
                ? new DeliveryReceipt(delivery.DeliveryId, "ignored", Reason: reason)
                : await AnsweredAsync(delivery, ct);
        }

        if (created)
        {
            outbox.Notify();
            checkRuns.Notify();
        }

        return receipts;
    }

    /// <summary>The scans to schedule; a scan its repository's settings rule out joins <paramref name="ignores"/>.</summary>
    private async Task<List<(DeliveryDecision Delivery, WebhookDecision.Scan Scan, RepositorySettings Repository)>> PlanScansAsync(
        List<(DeliveryDecision Delivery, WebhookDecision.Scan Scan)> scans, List<(DeliveryDecision Delivery, string Reason)> ignores, CancellationToken ct)
    {
        if (scans.Count == 0)
        {
            return [];
        }

        var repositories = await settings.GetOrCreateAllAsync(scans.Select(s => (s.Scan.Repository, s.Delivery.InstallationId)).ToList(), ct);
        var names = scans.Select(s => s.Scan.Repository).Distinct().ToList();
        var known = await Task.WhenAll(names.Select(name => metadata.GetAsync(name, ct)));
        var metadataByRepository = names.Zip(known).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);

        var jobs = new List<(DeliveryDecision, WebhookDecision.Scan, RepositorySettings)>(scans.Count);
        foreach (var (delivery, scan) in scans)
        {
            var repository = repositories[scan.Repository];
            if (!repository.Enabled)
            {
                ignores.Add((delivery, $"Scanning is disabled for {scan.Repository}."));
                continue;
            }

            if (scan.IsDraft && !repository.ScanDraftPullRequests)
            {
                ignores.Add((delivery, "A draft pull request; this repository does not scan drafts."));
                continue;
            }

            metadataByRepository[scan.Repository]?.AddTo(scan.Context);
            scan.Context["delivery_id"] = delivery.DeliveryId;
            if (delivery.InstallationId is { } installationId)
            {
                scan.Context[ScanJob.InstallationIdKey] = installationId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            jobs.Add((delivery, scan, repository));
        }

        return jobs;
    }

    /// <summary>What another processor, which decided this delivery first, answered.</summary>
    private async Task<DeliveryReceipt> AnsweredAsync(DeliveryDecision delivery, CancellationToken ct) =>
        (await store.FindAsync(delivery.Id, ct)).ToReceipt();
}

/// <summary>A stored delivery waiting for its decision, with what the decision is made from.</summary>
internal sealed record PendingDelivery(
    StoredDelivery Stored, string Event, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool Replay = false);
