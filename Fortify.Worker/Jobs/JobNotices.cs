using System.Text.Json;
using Fortify.Core.Jobs;
using Fortify.Core.Json;
using Fortify.Core.Persistence;
using Fortify.Core.Queues;
using StackExchange.Redis;

namespace Fortify.Worker.Jobs;

/// <summary>What a finished job tells the rest of the system: a completion notice, and a dead letter when it failed for good.</summary>
internal sealed class JobNotices(IConnectionMultiplexer redis, TimeProvider clock, ILogger<JobNotices> logger)
{
    public async Task FinishedAsync(ScanJob job)
    {
        var notice = JsonSerializer.Serialize(new
        {
            job.JobId,
            job.Repository,
            ScanTarget = new { Type = job.TargetType, job.Reference, job.CommitSha },
            job.Status,
            job.Attempts,
            job.FinishedAt,
            Error = job.Status == JobStatus.Failed ? job.LastError : null,
        }, FortifyJson.Options);
        try
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(JobStreams.CompletedChannel), notice);
        }
        catch (Exception exception) when (exception.IsStoreOutage())
        {
            // The job's state is already committed; subscribers can read it from the job API.
            logger.LogWarning(exception, "Completion notice for job {JobId} was not published", job.JobId);
        }
    }

    public Task DeadLetterAsync(ScanJob job, string error) =>
        redis.GetDatabase().StreamAddAsync(JobStreams.DeadLetters,
        [
            new NameValueEntry("job_id", job.JobId.ToString()),
            new NameValueEntry("repository", job.Repository),
            new NameValueEntry("priority", job.Priority.ToString()),
            new NameValueEntry("attempts", job.Attempts),
            new NameValueEntry("error", error),
            new NameValueEntry("failed_at", clock.GetUtcNow().ToString("O")),
        ]);
}
