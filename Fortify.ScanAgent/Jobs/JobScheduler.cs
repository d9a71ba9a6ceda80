using System.Text.Json;
using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Fortify.Core.Queues;
using Fortify.ScanAgent.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Jobs;

/// <summary>
/// Makes at most one live job per (repository, type, reference, commit), cancels the older queued job of the same
/// pull request or branch, and writes the queue entry to the outbox in the caller's transaction.
/// </summary>
internal sealed class JobScheduler(FortifyDbContext db, TimeProvider clock)
{
    public async Task<(Guid JobId, bool Created)> ScheduleAsync(
        WebhookDecision.Scan scan, JobPriority priority, string deliveryId, CancellationToken cancellationToken)
    {
        var type = scan.TargetType.ToString();
        var context = JsonSerializer.Serialize(scan.Context);
        // A live job can finish between a conflicting insert and the look-up; the second round then inserts.
        for (var round = 0; round < 3; round++)
        {
            var jobId = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            var inserted = await db.Database.SqlQuery<Guid>($"""
                INSERT INTO scan_jobs ("JobId", "Trigger", "Repository", "TargetType", "Reference", "CommitSha", "Context",
                                       "Priority", "Status", "CreatedAt", "UpdatedAt", "DeliveryId", "Attempts")
                VALUES ({jobId}, 'webhook', {scan.Repository}, {type}, {scan.Reference}, {scan.CommitSha}, {context}::jsonb,
                        {priority.ToString()}, 'Queued', {now}, {now}, {deliveryId}, 0)
                ON CONFLICT ("Repository", "TargetType", "Reference", "CommitSha") WHERE "Status" IN ('Queued', 'Processing')
                DO NOTHING
                RETURNING "JobId" AS "Value"
                """).ToListAsync(cancellationToken);

            if (inserted.Count == 1)
            {
                await SupersedeOlderAsync(scan, jobId, now, cancellationToken);
                db.OutboxMessages.Add(new OutboxMessage { JobId = jobId, Stream = JobStreams.For(priority), CreatedAt = now });
                db.JobEvents.Add(new JobEvent { JobId = jobId, DeliveryId = deliveryId, Status = JobStatus.Queued, At = now, Detail = "Created from a webhook delivery." });
                return (jobId, true);
            }

            var live = await db.ScanJobs
                .Where(j => j.Repository == scan.Repository && j.TargetType == scan.TargetType
                    && j.Reference == scan.Reference && j.CommitSha == scan.CommitSha
                    && (j.Status == JobStatus.Queued || j.Status == JobStatus.Processing))
                .Select(j => (Guid?)j.JobId)
                .FirstOrDefaultAsync(cancellationToken);
            if (live is { } existing)
            {
                return (existing, false);
            }
        }

        throw new InvalidOperationException($"No job could be made or found for {scan.Repository} {scan.Reference} at {scan.CommitSha}.");
    }

    /// <summary>Cancels the queued jobs of older commits of the same pull request or branch; a running one finishes.</summary>
    private async Task SupersedeOlderAsync(WebhookDecision.Scan scan, Guid newJobId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var older = await db.ScanJobs
            .FromSql($"""
                SELECT * FROM scan_jobs
                WHERE "Repository" = {scan.Repository} AND "TargetType" = {scan.TargetType.ToString()} AND "Reference" = {scan.Reference}
                  AND "CommitSha" <> {scan.CommitSha} AND "Status" = 'Queued' AND "JobId" <> {newJobId}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        foreach (var job in older)
        {
            job.Status = JobStatus.Cancelled;
            job.SupersededBy = newJobId;
            job.UpdatedAt = now;
            job.FinishedAt = now;
            db.JobEvents.Add(JobEvent.For(job, now, $"Superseded by job {newJobId} for commit {scan.CommitSha}."));
        }
    }
}
