using Fortify.Core.Persistence;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Fortify.Worker.Jobs;

/// <summary>
/// Reads the job streams, highest priority first, and runs up to <see cref="WorkerOptions.Concurrency"/> jobs at once.
/// On stop it reads no more, lets running jobs finish within the grace period, then hands the rest back.
/// </summary>
internal sealed class JobQueueConsumer(
    JobStreamReader streams,
    IServiceScopeFactory scopes,
    IOptions<WorkerOptions> options,
    IOptions<HostOptions> host,
    ILogger<JobQueueConsumer> logger) : BackgroundService
{
    private readonly CancellationTokenSource _abort = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var slots = new SemaphoreSlim(options.Value.Concurrency);
        var running = new HashSet<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
                var free = slots.CurrentCount + 1;
                await streams.EnsureGroupsAsync();
                var entries = await streams.ReadAsync(free);
                if (entries.Count == 0)
                {
                    slots.Release();
                    await Task.Delay(options.Value.IdlePollInterval, stoppingToken);
                    continue;
                }

                // One slot is already held for the first entry; take one more for each of the others.
                for (var i = 1; i < entries.Count; i++)
                {
                    await slots.WaitAsync(stoppingToken);
                }

                lock (running)
                {
                    foreach (var entry in entries)
                    {
                        running.Add(RunAsync(entry, slots, running));
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception.IsStoreOutage())
            {
                logger.LogWarning(exception, "The job queue cannot be read now");
                slots.Release();
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await DrainAsync(running);
    }

    private async Task RunAsync(JobEntry entry, SemaphoreSlim slots, HashSet<Task> running)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<JobExecution>().RunAsync(entry, _abort.Token);
        }
        catch (Exception exception)
        {
            // The entry stays pending and is taken over after the visibility timeout.
            logger.LogError(exception, "Job {JobId} (entry {EntryId}) could not be run", entry.JobId, entry.EntryId);
        }
        finally
        {
            slots.Release();
            lock (running)
            {
                running.RemoveWhere(t => t.IsCompleted);
            }
        }
    }

    /// <summary>Running jobs get most of the host's shutdown time to finish; what is left then is handed back.</summary>
    private async Task DrainAsync(HashSet<Task> running)
    {
        Task[] remaining;
        lock (running)
        {
            remaining = [.. running];
        }

        var grace = host.Value.ShutdownTimeout * 0.7;
        // Awaited, not blocked on: the host's stop must not tie up a thread pool thread for the grace period.
        await Task.WhenAny(Task.WhenAll(remaining), Task.Delay(grace));
        if (remaining.Any(t => !t.IsCompleted))
        {
            logger.LogInformation("{Count} job(s) still running at shutdown are handed back", remaining.Count(t => !t.IsCompleted));
            await _abort.CancelAsync();
        }

        await Task.WhenAll(remaining).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }
}
