using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Fortify.Core.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Fortify.Worker.Jobs;

/// <summary>
/// The queue's safety net, run by one worker at a time (a Postgres advisory lock): puts due retries and jobs that
/// lost their stream entry back on their stream, requeues jobs whose worker vanished, and samples queue depth.
/// </summary>
internal sealed class JobSweeper(
    IServiceScopeFactory scopes,
    IConnectionMultiplexer redis,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<JobSweeper> logger) : BackgroundService
{
    private const long AdvisoryLockKey = 0x_F0_27_1F_5E_EE;
    private const int BatchSize = 500;

    // The agent's outbox publishes a new job within milliseconds; only after this is a never-dispatched job stuck.
    private static readonly TimeSpan OutboxGrace = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
                await SampleQueuesAsync();
            }
            catch (Exception exception) when (exception.IsStoreOutage() || exception is InvalidOperationException)
            {
                logger.LogWarning(exception, "Sweep failed; it runs again");
            }

            await Task.Delay(options.Value.SweepInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FortifyDbContext>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(token);
            if (!locked)
            {
                return;
            }

            var now = clock.GetUtcNow();
            await RequeueAbandonedAsync(db, now, token);
            await DispatchDueAsync(db, now, token);
            await transaction.CommitAsync(token);
        }, ct);
    }

    /// <summary>Processing jobs whose lease ran out long ago and whose entry nobody took over: back to queued.</summary>
    private async Task RequeueAbandonedAsync(FortifyDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var abandonedBefore = now - (options.Value.VisibilityTimeout * 2);
        var abandoned = await db.ScanJobs
            .Where(j => j.Status == JobStatus.Processing && j.LeaseExpiresAt < abandonedBefore)
            .OrderBy(j => j.LeaseExpiresAt)
            .Take(BatchSize)
            .ToListAsync(ct);
        foreach (var job in abandoned)
        {
            job.Status = JobStatus.Queued;
            job.LeaseExpiresAt = null;
            job.DispatchedAt = null;
            job.UpdatedAt = now;
            db.JobEvents.Add(JobEvent.For(job, now, $"Worker {job.WorkerId} stopped renewing its lease; requeued."));
            job.WorkerId = null;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Due retries, and queued jobs never dispatched or dispatched long ago and still not started. They are marked
    /// dispatched before their entries go out and stay locked until the sweep commits: a worker that takes an entry at
    /// once waits, so a retry it schedules (clearing the mark) is never overwritten by this one.
    /// </summary>
    private async Task DispatchDueAsync(FortifyDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var neverDispatchedBefore = now - OutboxGrace;
        var redispatchBefore = now - options.Value.RedispatchAfter;
        var due = await db.ScanJobs.FromSql($"""
            WITH due AS (
                SELECT "JobId" FROM scan_jobs
                WHERE "Status" = 'Queued' AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now})
                  AND (("DispatchedAt" IS NULL AND ("NextAttemptAt" IS NOT NULL OR "CreatedAt" < {neverDispatchedBefore} OR "Attempts" > 0))
                       OR "DispatchedAt" < {redispatchBefore})
                ORDER BY CASE "Priority" WHEN 'High' THEN 0 WHEN 'Normal' THEN 1 ELSE 2 END, "CreatedAt"
                LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED),
            dispatched AS (
                UPDATE scan_jobs j SET "DispatchedAt" = {now} FROM due WHERE j."JobId" = due."JobId"
                RETURNING j.*)
            SELECT * FROM dispatched
            """).AsNoTracking().ToListAsync(ct);
        if (due.Count == 0)
        {
            return;
        }

        var redisDb = redis.GetDatabase();
        await Task.WhenAll(due.Select(job => redisDb.StreamAddAsync(
            JobStreams.For(job.Priority), [new NameValueEntry(JobQueueEntry.JobId, job.JobId.ToString())])));
        logger.LogInformation("Sweeper dispatched {Count} job(s)", due.Count);
    }

    private async Task SampleQueuesAsync()
    {
        var redisDb = redis.GetDatabase();
        foreach (var priority in JobStreams.ByPriority)
        {
            var stream = JobStreams.For(priority);
            var depth = await redisDb.StreamLengthAsync(stream);
            var oldest = await redisDb.StreamRangeAsync(stream, count: 1);
            var age = oldest.Length == 1 && long.TryParse(oldest[0].Id.ToString().Split('-')[0], out var millis)
                ? clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(millis)
                : TimeSpan.Zero;
            metrics.QueueSampled(priority, depth, age);
        }
    }
}
