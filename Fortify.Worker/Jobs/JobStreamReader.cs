using Fortify.Core.Batching;
using Fortify.Core.Jobs;
using Fortify.Core.Queues;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Fortify.Worker.Jobs;

/// <summary>The Redis side of the queue: one consumer group per priority stream, read highest first.</summary>
internal sealed class JobStreamReader : IAsyncDisposable
{
    private const int MaxAcknowledgedAtOnce = 512;
    private readonly IConnectionMultiplexer _redis;
    private readonly IOptions<WorkerOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<JobStreamReader> _logger;
    private readonly OpportunisticBatcher<JobEntry, bool> _acknowledgements;
    private volatile bool _groupsReady;
    private long _lastTakeOver;

    public JobStreamReader(IConnectionMultiplexer redis, IOptions<WorkerOptions> options, TimeProvider clock, ILogger<JobStreamReader> logger)
    {
        _redis = redis;
        _options = options;
        _clock = clock;
        _logger = logger;
        _acknowledgements = new(AcknowledgeBatchAsync, MaxAcknowledgedAtOnce);
    }

    /// <summary>Unique per process; the process id in it lets an operator find the worker.</summary>
    public string Consumer { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    private IDatabase Db => _redis.GetDatabase();

    /// <summary>Makes the consumer groups once per process, and again after Redis lost them (NOGROUP).</summary>
    public async Task EnsureGroupsAsync()
    {
        if (_groupsReady)
        {
            return;
        }

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

        _groupsReady = true;
    }

    /// <summary>
    /// Up to <paramref name="count"/> entries: first those abandoned past the visibility timeout, then new ones,
    /// each time from the highest priority that has any.
    /// </summary>
    public async Task<IReadOnlyList<JobEntry>> ReadAsync(int count)
    {
        // Abandoned entries only exist after a visibility timeout, so looking for them a few times per timeout is
        // enough; looking on every read would double the round trips of a busy worker.
        var visibility = _options.Value.VisibilityTimeout;
        var takeOver = _clock.GetElapsedTime(Interlocked.Read(ref _lastTakeOver)) >= visibility / 4;
        if (takeOver)
        {
            Interlocked.Exchange(ref _lastTakeOver, _clock.GetTimestamp());
        }

        try
        {
            foreach (var priority in JobStreams.ByPriority)
            {
                var stream = JobStreams.For(priority);
                var entries = takeOver
                    ? (await Db.StreamAutoClaimAsync(stream, JobStreams.ConsumerGroup, Consumer, (long)visibility.TotalMilliseconds, StreamPosition.Beginning, count)).ClaimedEntries
                    : [];
                if (entries.Length == 0)
                {
                    entries = await Db.StreamReadGroupAsync(stream, JobStreams.ConsumerGroup, Consumer, StreamPosition.NewMessages, count);
                }

                if (entries.Length > 0)
                {
                    return entries.Select(e => ToEntry(stream, priority, e)).OfType<JobEntry>().ToList();
                }
            }
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            _groupsReady = false;
            throw;
        }

        return [];
    }

    /// <summary>Resets the entry's idle time, so no other worker takes it while this one is still on it.</summary>
    public Task RenewAsync(JobEntry entry) =>
        Db.StreamClaimIdsOnlyAsync(entry.Stream, JobStreams.ConsumerGroup, Consumer, 0, [entry.EntryId]);

    /// <summary>Acknowledges and deletes the entry, batched with the other entries this worker finishes meanwhile.</summary>
    public Task AcknowledgeAsync(JobEntry entry) => _acknowledgements.RunAsync(entry);

    private async Task<IReadOnlyList<bool>> AcknowledgeBatchAsync(IReadOnlyList<JobEntry> entries)
    {
        foreach (var stream in entries.GroupBy(e => e.Stream))
        {
            RedisValue[] ids = [.. stream.Select(e => e.EntryId).Distinct()];
            await Task.WhenAll(
                Db.StreamAcknowledgeAsync(stream.Key, JobStreams.ConsumerGroup, ids),
                Db.StreamDeleteAsync(stream.Key, ids));
        }

        return [.. entries.Select(_ => true)];
    }

    public ValueTask DisposeAsync() => _acknowledgements.DisposeAsync();

    private JobEntry? ToEntry(string stream, JobPriority priority, StreamEntry entry)
    {
        if (Guid.TryParse(entry[JobQueueEntry.JobId].ToString(), out var jobId))
        {
            return new JobEntry(stream, entry.Id, jobId, priority);
        }

        // An entry that names no job can never be run; acknowledging it keeps it from coming back forever.
        _logger.LogError("Stream entry {EntryId} on {Stream} names no job; dropped", entry.Id, stream);
        _ = AcknowledgeAsync(new JobEntry(stream, entry.Id, Guid.Empty, priority));
        return null;
    }
}
