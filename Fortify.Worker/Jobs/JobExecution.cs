using System.Diagnostics;
using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Fortify.Worker.Scanning;
using Microsoft.Extensions.Options;

namespace Fortify.Worker.Jobs;

/// <summary>
/// Runs one stream entry to a committed final state, then acknowledges it. A crash anywhere before the commit leaves
/// the entry pending, so another worker takes it over; a job that is no longer due is acknowledged and skipped.
/// </summary>
internal sealed class JobExecution(
    JobLifecycle lifecycle,
    IScanHandler scanner,
    JobStreamReader streams,
    JobNotices notices,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<JobExecution> logger)
{
    public static readonly ActivitySource Activity = new("Fortify.Worker");

    /// <param name="abort">Cancelled when the worker stops and its grace period is over: the job is handed back.</param>
    public async Task RunAsync(JobEntry entry, CancellationToken abort)
    {
        var settings = options.Value;
        var job = await lifecycle.TryStartAsync(entry.JobId, streams.Consumer, settings.VisibilityTimeout, CancellationToken.None);
        if (job is null)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("Job {JobId} is not due ({Status}); entry {EntryId} skipped",
                    entry.JobId, await lifecycle.StatusAsync(entry.JobId, CancellationToken.None), entry.EntryId);
            }

            await streams.AcknowledgeAsync(entry);
            return;
        }

        using var activity = Activity.StartActivity("scan job", ActivityKind.Consumer);
        activity?.SetTag("fortify.job_id", job.JobId);
        activity?.SetTag("fortify.repository", job.Repository);
        metrics.Started(job.Priority, clock.GetUtcNow() - (job.DispatchedAt ?? job.CreatedAt));
        var started = clock.GetTimestamp();

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(abort);
        attempt.CancelAfter(settings.JobTimeout);
        using var heartbeat = new CancellationTokenSource();
        var renewing = RenewWhileRunningAsync(entry, attempt, heartbeat.Token);
        ScanJob? finished;
        try
        {
            var detail = await scanner.ScanAsync(job, attempt.Token);
            finished = await lifecycle.CompleteAsync(job.JobId, streams.Consumer, detail, CancellationToken.None);
            if (finished is not null)
            {
                metrics.Completed(job.Priority, clock.GetElapsedTime(started));
            }
        }
        catch (ScanSupersededException superseded)
        {
            logger.LogInformation("Job {JobId} not scanned: {Reason}", job.JobId, superseded.Message);
            finished = await lifecycle.CancelAsync(job.JobId, streams.Consumer, superseded.Message, CancellationToken.None);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            await lifecycle.ReleaseAsync(job.JobId, streams.Consumer, CancellationToken.None);
            logger.LogInformation("Job {JobId} handed back: the worker is stopping", job.JobId);
            finished = null;
        }
        catch (Exception exception)
        {
            finished = await FailAttemptAsync(job, exception);
        }
        finally
        {
            await heartbeat.CancelAsync();
            await renewing;
        }

        // Only now is the outcome committed; acknowledging earlier could lose the job in a crash.
        await streams.AcknowledgeAsync(entry);
        if (finished is { Status: JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled })
        {
            await notices.FinishedAsync(finished);
        }
    }

    private async Task<ScanJob?> FailAttemptAsync(ScanJob job, Exception exception)
    {
        var failure = FailureKind.Classify(exception, clock);
        var settings = options.Value;
        if (failure.IsTransient && job.Attempts < settings.MaxAttempts)
        {
            var delay = Backoff(job.Attempts, settings, failure.RetryAfter);
            logger.LogWarning(exception, "Job {JobId} attempt {Attempt} failed ({Reason}); retry in {Delay}", job.JobId, job.Attempts, failure.Reason, delay);
            metrics.Retried(job.Priority);
            return await lifecycle.RetryLaterAsync(job.JobId, streams.Consumer, failure.Reason, delay, CancellationToken.None);
        }

        var reason = failure.IsTransient ? $"Gave up after {job.Attempts} attempts: {failure.Reason}" : failure.Reason;
        logger.LogError(exception, "Job {JobId} failed for good: {Reason}", job.JobId, reason);
        var failed = await lifecycle.FailAsync(job.JobId, streams.Consumer, reason, CancellationToken.None);
        if (failed is not null)
        {
            metrics.Failed(job.Priority);
            await notices.DeadLetterAsync(failed, reason);
        }

        return failed;
    }

    /// <summary>Exponential backoff with jitter, never sooner than GitHub asked.</summary>
    private static TimeSpan Backoff(int attempt, WorkerOptions settings, TimeSpan? retryAfter)
    {
        var exponential = settings.RetryBaseDelay * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = exponential < settings.RetryMaxDelay ? exponential : settings.RetryMaxDelay;
        var jittered = capped * (0.5 + (Random.Shared.NextDouble() / 2));
        return retryAfter is { } wait && wait > jittered ? wait : jittered;
    }

    /// <summary>Keeps the lease and the stream entry fresh; if the lease is lost, another worker owns the job now.</summary>
    private async Task RenewWhileRunningAsync(JobEntry entry, CancellationTokenSource attempt, CancellationToken stop)
    {
        var every = options.Value.VisibilityTimeout / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, clock, stop);
                await streams.RenewAsync(entry);
                if (!await lifecycle.RenewLeaseAsync(entry.JobId, streams.Consumer, options.Value.VisibilityTimeout, stop))
                {
                    logger.LogWarning("Job {JobId}: lease lost to another worker; this attempt stops", entry.JobId);
                    await attempt.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception.IsStoreOutage())
        {
            logger.LogWarning(exception, "Job {JobId}: lease renewal failed", entry.JobId);
        }
    }
}
