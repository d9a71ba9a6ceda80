using Fortify.Core.Jobs;
using Fortify.Core.Queues;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Fortify.Worker.Jobs;

/// <summary>The Redis side of the queue: one consumer group per priority stream, read highest first.</summary>
internal sealed class JobStreamReader(IConnectionMultiplexer redis, IOptions<WorkerOptions> options, ILogger<JobStreamReader> logger)
{
    /// <summary>Unique per process; the process id in it lets an operator find the worker.</summary>
    public string Consumer { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    private IDatabase Db => redis.GetDatabase();

    public async Task EnsureGroupsAsync()
    {
        foreach (var priority in JobStreams.ByPriority)
        {
            try
            {
                await Db.StreamCreateConsumerGroupAsync(JobStreams.For(priority), JobStreams.ConsumerGroup, StreamPosition.Beginning, createStream: true);
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
                // Made already, by this worker earlier or by another.
            }
        }
    }

    /// <summary>
    /// Up to <paramref name="count"/> entries: first those abandoned past the visibility timeout, then new ones,
    /// each time from the highest priority that has any.
    /// </summary>
    public async Task<IReadOnlyList<JobEntry>> ReadAsync(int count)
    {
        foreach (var priority in JobStreams.ByPriority)
        {
            var stream = JobStreams.For(priority);
            var claimed = await Db.StreamAutoClaimAsync(
                stream, JobStreams.ConsumerGroup, Consumer, (long)options.Value.VisibilityTimeout.TotalMilliseconds, StreamPosition.Beginning, count);
            var entries = claimed.ClaimedEntries;
            if (entries.Length == 0)
            {
                entries = await Db.StreamReadGroupAsync(stream, JobStreams.ConsumerGroup, Consumer, StreamPosition.NewMessages, count);
            }

            if (entries.Length > 0)
            {
                return entries.Select(e => ToEntry(stream, priority, e)).OfType<JobEntry>().ToList();
            }
        }

        return [];
    }

    /// <summary>Resets the entry's idle time, so no other worker takes it while this one is still on it.</summary>
    public Task RenewAsync(JobEntry entry) =>
        Db.StreamClaimIdsOnlyAsync(entry.Stream, JobStreams.ConsumerGroup, Consumer, 0, [entry.EntryId]);

    public async Task AcknowledgeAsync(JobEntry entry)
    {
        await Db.StreamAcknowledgeAsync(entry.Stream, JobStreams.ConsumerGroup, entry.EntryId);
        await Db.StreamDeleteAsync(entry.Stream, [entry.EntryId]);
    }

    private JobEntry? ToEntry(string stream, JobPriority priority, StreamEntry entry)
    {
        if (Guid.TryParse(entry[JobQueueEntry.JobId].ToString(), out var jobId))
        {
            return new JobEntry(stream, entry.Id, jobId, priority);
        }

        // An entry that names no job can never be run; acknowledging it keeps it from coming back forever.
        logger.LogError("Stream entry {EntryId} on {Stream} names no job; dropped", entry.Id, stream);
        _ = AcknowledgeAsync(new JobEntry(stream, entry.Id, Guid.Empty, priority));
        return null;
    }
}
