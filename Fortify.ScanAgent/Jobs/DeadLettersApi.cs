using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Fortify.Core.Queues;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Fortify.ScanAgent.Jobs;

/// <summary>Jobs that failed for good: listed with their errors, and sent back to the queue on request.</summary>
internal static class DeadLettersApi
{
    public static RouteGroupBuilder MapDeadLettersApi(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).WithName("ListDeadLetters");
        group.MapPost("/{jobId:guid}/requeue", RequeueAsync).WithName("RequeueDeadLetter");
        return group;
    }

    private static async Task<Ok<IReadOnlyList<DeadLetterResponse>>> ListAsync(IConnectionMultiplexer redis, int? limit)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(
            JobStreams.DeadLetters, count: Math.Clamp(limit ?? 100, 1, 1000), messageOrder: Order.Descending);
        return TypedResults.Ok<IReadOnlyList<DeadLetterResponse>>(entries.Select(DeadLetterResponse.From).ToList());
    }

    /// <summary>A failed job goes back to queued with its attempts reset; its dead letters are removed.</summary>
    private static async Task<Results<Ok<ScanJobResponse>, NotFound, Conflict<string>>> RequeueAsync(
        Guid jobId, FortifyDbContext db, IConnectionMultiplexer redis, OutboxSignal outbox, TimeProvider clock, CancellationToken ct)
    {
        var job = await db.ScanJobs.SingleOrDefaultAsync(j => j.JobId == jobId, ct);
        if (job is null)
        {
            return TypedResults.NotFound();
        }

        if (job.Status != JobStatus.Failed)
        {
            return TypedResults.Conflict($"Job {jobId} is {job.Status.ToString().ToLowerInvariant()}; only a failed job can be requeued.");
        }

        var now = clock.GetUtcNow();
        job.Status = JobStatus.Queued;
        job.Attempts = 0;
        job.FinishedAt = null;
        job.NextAttemptAt = null;
        job.DispatchedAt = null;
        job.WorkerId = null;
        job.UpdatedAt = now;
        db.JobEvents.Add(JobEvent.For(job, now, "Requeued from the dead letters."));
        db.OutboxMessages.Add(new OutboxMessage { JobId = jobId, Stream = JobStreams.For(job.Priority), CreatedAt = now });
        await db.SaveChangesAsync(ct);
        outbox.Notify();

        var deadLetters = redis.GetDatabase();
        var entries = await deadLetters.StreamRangeAsync(JobStreams.DeadLetters);
        var ids = entries.Where(e => e["job_id"] == jobId.ToString()).Select(e => e.Id).ToArray();
        if (ids.Length > 0)
        {
            await deadLetters.StreamDeleteAsync(JobStreams.DeadLetters, ids);
        }

        return TypedResults.Ok(ScanJobResponse.From(job));
    }
}

internal sealed record DeadLetterResponse(string EntryId, string JobId, string Repository, string Priority, int Attempts, string Error, string FailedAt)
{
    public static DeadLetterResponse From(StreamEntry entry) => new(
        entry.Id.ToString(),
        entry["job_id"].ToString(),
        entry["repository"].ToString(),
        entry["priority"].ToString().ToLowerInvariant(),
        (int)entry["attempts"],
        entry["error"].ToString(),
        entry["failed_at"].ToString());
}
