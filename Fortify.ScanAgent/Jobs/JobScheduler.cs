using System.Text.Json;
using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Fortify.Core.Queues;
using Fortify.Core.Repositories;
using Fortify.ScanAgent.Webhooks;
using Npgsql;
using NpgsqlTypes;

namespace Fortify.ScanAgent.Jobs;

/// <summary>
/// Makes at most one live job per (repository, type, reference, commit), cancels the older queued jobs of the same
/// pull request or branch, writes the queue entry to the outbox and records the delivery's outcome, all in one
/// statement: one round trip, atomic without a transaction held open across the network.
/// </summary>
/// <remarks>
/// A job of a repository where GitHub refuses check runs for now is born parked, so the check run opener never reads
/// it while the pause lasts. It holds the repository's settings row while it decides so (see
/// <see cref="Core.Scanning.CheckRunPauses"/>); a job of a repository that is not paused takes no lock.
/// </remarks>
internal sealed class JobScheduler(FortifyDbContext db, TimeProvider clock)
{
    public const string LiveJobReason = "A live job for this commit already exists.";
    private const string CreatedDetail = "Created from a webhook delivery.";

    /// <summary>The job the delivery made or found; null when another processor decided the delivery first.</summary>
    public async Task<ScheduledJob?> ScheduleAsync(
        DeliveryDecision delivery, WebhookDecision.Scan scan, RepositorySettings repository, CancellationToken cancellationToken)
    {
        // The live job a conflicting insert ran into may have committed after this statement's snapshot was taken;
        // the next round, with a fresh snapshot, sees it (or inserts, if it finished meanwhile).
        for (var round = 0; round < 3; round++)
        {
            var row = (await DecisionStatements.ExecuteAsync(db, [Statement(delivery, scan, repository)], cancellationToken)).Single();
            if (TryRead(row, out var job))
            {
                return job;
            }
        }

        throw new InvalidOperationException($"No job could be made or found for {scan.Repository} {scan.Reference} at {scan.CommitSha}.");
    }

    /// <summary>
    /// Reads a schedule statement's row: the job, or a null job when another processor decided the delivery first.
    /// False when the statement must run again.
    /// </summary>
    public static bool TryRead(DecisionRow row, out ScheduledJob? job)
    {
        job = row is { Claimed: true, JobId: { } jobId } ? new ScheduledJob(jobId, row.Created) : null;
        return !row.Claimed || job is not null;
    }

    /// <summary>
    /// The one statement that schedules a delivery's scan, to run alone or batched with others; the priority and any
    /// pause of check runs come from the repository's settings, read for the whole batch just before (a pause seen
    /// there is read again, locked, by the statement).
    /// </summary>
    public NpgsqlBatchCommand Statement(DeliveryDecision delivery, WebhookDecision.Scan scan, RepositorySettings repository)
    {
        var jobId = Guid.CreateVersion7();
        var now = clock.GetUtcNow().UtcDateTime;
        var priority = repository.Priority;
        var paused = repository.CheckRunsPausedUntil > now;
        var command = new NpgsqlBatchCommand(ScheduleSql);
        command.Parameters.Add(DecisionStatements.Parameter(delivery.Id, NpgsqlDbType.Bigint));
        command.Parameters.Add(DecisionStatements.Parameter(delivery.Replay, NpgsqlDbType.Boolean));
        command.Parameters.Add(DecisionStatements.Parameter(jobId, NpgsqlDbType.Uuid));
        command.Parameters.Add(DecisionStatements.Parameter(scan.Repository, NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(scan.TargetType.ToString(), NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(scan.Reference, NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(scan.CommitSha, NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(JsonSerializer.Serialize(scan.Context), NpgsqlDbType.Jsonb));
        command.Parameters.Add(DecisionStatements.Parameter(priority.ToString(), NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(now, NpgsqlDbType.TimestampTz));
        command.Parameters.Add(DecisionStatements.Parameter(delivery.DeliveryId, NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(JobStreams.For(priority), NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter($"Superseded by job {jobId} for commit {scan.CommitSha}.", NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(delivery.Action, NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(delivery.Repository, NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(delivery.InstallationId, NpgsqlDbType.Bigint));
        command.Parameters.Add(DecisionStatements.Parameter(CreatedDetail, NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(LiveJobReason, NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(paused, NpgsqlDbType.Boolean));
        return command;
    }

    // $1 delivery row id, $2 replay, $3 new job id, $4-$7 repository, type, reference, commit, $8 context, $9 priority,
    // $10 now, $11 delivery id, $12 stream, $13 superseded detail, $14-$16 action, repository, installation id of
    // the delivery, $17 created detail, $18 live job reason, $19 whether the settings read showed check runs paused.
    private const string ScheduleSql = """
        WITH claimed AS (
            SELECT "Id" FROM webhook_deliveries
            WHERE "Id" = $1 AND ($2 OR "Outcome" NOT IN ('Processed', 'Ignored'))
            FOR UPDATE
        ),
        paused AS (
            SELECT 1 FROM repository_settings
            WHERE $19 AND "Repository" = $4 AND "CheckRunsPausedUntil" > $10
            FOR SHARE
        ),
        created AS (
            INSERT INTO scan_jobs ("JobId", "Trigger", "Repository", "TargetType", "Reference", "CommitSha", "Context",
                                   "Priority", "Status", "CreatedAt", "UpdatedAt", "DeliveryId", "Attempts", "CheckRunState")
            SELECT $3, 'webhook', $4, $5, $6, $7, $8, $9, 'Queued', $10, $10, $11, 0,
                   CASE WHEN EXISTS (SELECT 1 FROM paused) THEN 'Parked' ELSE 'Pending' END
            FROM claimed
            ON CONFLICT ("Repository", "TargetType", "Reference", "CommitSha") WHERE "Status" IN ('Queued', 'Processing')
            DO NOTHING
            RETURNING "JobId"
        ),
        superseded AS (
            UPDATE scan_jobs
            SET "Status" = 'Cancelled', "SupersededBy" = $3, "UpdatedAt" = $10, "FinishedAt" = $10
            WHERE "Repository" = $4 AND "TargetType" = $5 AND "Reference" = $6
              AND "CommitSha" <> $7 AND "Status" = 'Queued' AND EXISTS (SELECT 1 FROM created)
            RETURNING "JobId", "DeliveryId", "Attempts", "WorkerId"
        ),
        outbox AS (
            INSERT INTO outbox_messages ("JobId", "Stream", "CreatedAt")
            SELECT "JobId", $12, $10 FROM created
        ),
        audit AS (
            INSERT INTO job_events ("JobId", "DeliveryId", "Status", "At", "WorkerId", "Attempt", "Detail")
            SELECT "JobId", $11, 'Queued', $10, NULL, 0, $17 FROM created
            UNION ALL
            SELECT "JobId", "DeliveryId", 'Cancelled', $10, "WorkerId", "Attempts", $13 FROM superseded
        ),
        live AS (
            SELECT "JobId", TRUE AS "Created" FROM created
            UNION ALL
            SELECT "JobId", FALSE FROM scan_jobs
            WHERE "Repository" = $4 AND "TargetType" = $5 AND "Reference" = $6
              AND "CommitSha" = $7 AND "Status" IN ('Queued', 'Processing')
              AND NOT EXISTS (SELECT 1 FROM created)
            LIMIT 1
        ),
        recorded AS (
            UPDATE webhook_deliveries
            SET "Action" = $14, "Repository" = $15, "InstallationId" = $16,
                "Outcome" = 'Processed', "JobId" = (SELECT "JobId" FROM live), "ProcessedAt" = $10, "Attempts" = "Attempts" + 1,
                "OutcomeReason" = CASE WHEN EXISTS (SELECT 1 FROM created) THEN NULL ELSE $18 END
            WHERE "Id" IN (SELECT "Id" FROM claimed) AND EXISTS (SELECT 1 FROM live)
            RETURNING "JobId"
        )
        SELECT EXISTS (SELECT 1 FROM claimed), (SELECT "JobId" FROM recorded), EXISTS (SELECT 1 FROM created)
        """;
}

/// <summary>The job a delivery is answered with, and whether this delivery made it.</summary>
internal sealed record ScheduledJob(Guid JobId, bool Created);
