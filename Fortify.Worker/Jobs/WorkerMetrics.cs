using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fortify.Core.Jobs;

namespace Fortify.Worker.Jobs;

/// <summary>The queue's and the jobs' numbers, exported through OpenTelemetry (meter <c>Fortify.Worker</c>).</summary>
internal sealed class WorkerMetrics
{
    public const string MeterName = "Fortify.Worker";

    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _queueWait;
    private readonly ConcurrentDictionary<JobPriority, (long Depth, double OldestAgeSeconds)> _queues = new();

    public WorkerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _started = meter.CreateCounter<long>("fortify.jobs.started", description: "Job attempts started.");
        _completed = meter.CreateCounter<long>("fortify.jobs.completed", description: "Jobs completed.");
        _failed = meter.CreateCounter<long>("fortify.jobs.failed", description: "Jobs failed for good (dead-lettered).");
        _retried = meter.CreateCounter<long>("fortify.jobs.retried", description: "Attempts that failed and will be retried.");
        _duration = meter.CreateHistogram<double>("fortify.jobs.duration", "s", "Time one attempt ran.");
        _queueWait = meter.CreateHistogram<double>("fortify.jobs.queue_wait", "s", "Time from queued to started.");
        meter.CreateObservableGauge("fortify.queue.depth", () => Observe(q => q.Depth), description: "Entries waiting or in flight per priority stream.");
        meter.CreateObservableGauge("fortify.queue.oldest_age", () => Observe(q => q.OldestAgeSeconds), "s", "Age of the oldest entry per priority stream.");
    }

    public void Started(JobPriority priority, TimeSpan queueWait)
    {
        _started.Add(1, Tag(priority));
        _queueWait.Record(queueWait.TotalSeconds, Tag(priority));
    }

    public void Completed(JobPriority priority, TimeSpan duration)
    {
        _completed.Add(1, Tag(priority));
        _duration.Record(duration.TotalSeconds, Tag(priority));
    }

    public void Failed(JobPriority priority) => _failed.Add(1, Tag(priority));

    public void Retried(JobPriority priority) => _retried.Add(1, Tag(priority));

    public void QueueSampled(JobPriority priority, long depth, TimeSpan oldestAge) => _queues[priority] = (depth, oldestAge.TotalSeconds);

    private IEnumerable<Measurement<T>> Observe<T>(Func<(long Depth, double OldestAgeSeconds), T> value) where T : struct =>
        _queues.Select(q => new Measurement<T>(value(q.Value), Tag(q.Key)));

    private static KeyValuePair<string, object?> Tag(JobPriority priority) => new("priority", priority.ToString().ToLowerInvariant());
}
