using System.Text.Json;
using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Fortify.Core.Queues;
using Fortify.ScanAgent.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Jobs;

/// <summary>
/// Makes at most one live job per (repository, type, reference, commit), cancels the older queued jobs of the same
/// pull request or branch, writes the queue entry to the outbox and records the delivery's outcome, all in one
/// statement: one round trip, atomic without a transaction held open across the network.
/// </summary>
internal sealed class JobScheduler(FortifyDbContext db, TimeProvider clock)
{
    public const string LiveJobReason = "A live job for this commit already exists.";
    private const string CreatedDetail = "Created from a webhook delivery.";

    /// <summary>The job the delivery made or found; null when another processor decided the delivery first.</summary>
    public async Task<ScheduledJob?> ScheduleAsync(
        DeliveryDecision delivery, WebhookDecision.Scan scan, JobPriority priority, CancellationToken cancellationToken)
    {
        var type = scan.TargetType.ToString();
        var context = JsonSerializer.Serialize(scan.Context);
        var stream = JobStreams.For(priority);
        var priorityName = priority.ToString();
        // The live job a conflicting insert ran into may have committed after this statement's snapshot was taken;
        // the next round, with a fresh snapshot, sees it (or inserts, if it finished meanwhile).
        for (var round = 0; round < 3; round++)
        {
            var jobId = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            var supersededDetail = $"Superseded by job {jobId} for commit {scan.CommitSha}.";
            var result = await db.Database.SqlQuery<ScheduleRow>($"""
                WITH claimed AS (
                    SELECT "Id" FROM webhook_deliveries
                    WHERE "Id" = {delivery.Id} AND ({delivery.Replay} OR "Outcome" NOT IN ('Processed', 'Ignored'))
                    FOR UPDATE
                ),
                created AS (
                    INSERT INTO scan_jobs ("JobId", "Trigger", "Repository", "TargetType", "Reference", "CommitSha", "Context",
                                           "Priority", "Status", "CreatedAt", "UpdatedAt", "DeliveryId", "Attempts")
                    SELECT {jobId}, 'webhook', {scan.Repository}, {type}, {scan.Reference}, {scan.CommitSha}, {context}::jsonb,
                           {priorityName}, 'Queued', {now}, {now}, {delivery.DeliveryId}, 0
                    FROM claimed
                    ON CONFLICT ("Repository", "TargetType", "Reference", "CommitSha") WHERE "Status" IN ('Queued', 'Processing')
                    DO NOTHING
                    RETURNING "JobId"
                ),
                superseded AS (
                    UPDATE scan_jobs
                    SET "Status" = 'Cancelled', "SupersededBy" = {jobId}, "UpdatedAt" = {now}, "FinishedAt" = {now}
                    WHERE "Repository" = {scan.Repository} AND "TargetType" = {type} AND "Reference" = {scan.Reference}
                      AND "CommitSha" <> {scan.CommitSha} AND "Status" = 'Queued' AND EXISTS (SELECT 1 FROM created)
                    RETURNING "JobId", "DeliveryId", "Attempts", "WorkerId"
                ),
                outbox AS (
                    INSERT INTO outbox_messages ("JobId", "Stream", "CreatedAt", "Attempts")
                    SELECT "JobId", {stream}, {now}, 0 FROM created
                ),
                audit AS (
                    INSERT INTO job_events ("JobId", "DeliveryId", "Status", "At", "WorkerId", "Attempt", "Detail")
                    SELECT "JobId", {delivery.DeliveryId}, 'Queued', {now}, NULL, 0, {CreatedDetail} FROM created
                    UNION ALL
                    SELECT "JobId", "DeliveryId", 'Cancelled', {now}, "WorkerId", "Attempts", {supersededDetail} FROM superseded
                ),
                live AS (
                    SELECT "JobId", TRUE AS "Created" FROM created
                    UNION ALL
                    SELECT "JobId", FALSE FROM scan_jobs
                    WHERE "Repository" = {scan.Repository} AND "TargetType" = {type} AND "Reference" = {scan.Reference}
                      AND "CommitSha" = {scan.CommitSha} AND "Status" IN ('Queued', 'Processing')
                      AND NOT EXISTS (SELECT 1 FROM created)
                    LIMIT 1
                ),
                recorded AS (
                    UPDATE webhook_deliveries
                    SET "Action" = {delivery.Action}, "Repository" = {delivery.Repository}, "InstallationId" = {delivery.InstallationId},
                        "Outcome" = 'Processed', "JobId" = (SELECT "JobId" FROM live), "ProcessedAt" = {now}, "Attempts" = "Attempts" + 1,
                        "OutcomeReason" = CASE WHEN EXISTS (SELECT 1 FROM created) THEN NULL ELSE {LiveJobReason} END
                    WHERE "Id" IN (SELECT "Id" FROM claimed) AND EXISTS (SELECT 1 FROM live)
                    RETURNING "JobId"
                )
                SELECT EXISTS (SELECT 1 FROM claimed) AS "Claimed",
                       (SELECT "JobId" FROM recorded) AS "JobId",
                       EXISTS (SELECT 1 FROM created) AS "Created"
                """).ToListAsync(cancellationToken);

            var row = result.Single();
            if (!row.Claimed)
            {
                return null;
            }

            if (row.JobId is { } recorded)
            {
                return new ScheduledJob(recorded, row.Created);
            }
        }

        throw new InvalidOperationException($"No job could be made or found for {scan.Repository} {scan.Reference} at {scan.CommitSha}.");
    }

    private sealed record ScheduleRow(bool Claimed, Guid? JobId, bool Created);
}

/// <summary>The job a delivery is answered with, and whether this delivery made it.</summary>
internal sealed record ScheduledJob(Guid JobId, bool Created);
