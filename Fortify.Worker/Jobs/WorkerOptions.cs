using System.ComponentModel.DataAnnotations;

namespace Fortify.Worker.Jobs;

internal sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Jobs one worker runs at once.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 8;

    /// <summary>An entry a worker has not renewed for this long is taken over by another worker.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt may run before it is treated as a transient failure.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts before a job goes to the dead-letter stream.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00", "06:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the sweeper looks for jobs that lost their stream entry or their worker.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A queued job dispatched this long ago and still not started is dispatched again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RedispatchAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Run no scan at all: every job completes at once. For benchmarks of the queue alone.</summary>
    public bool EmptyScan { get; set; }

    /// <summary>How long the reader sleeps when every stream is empty.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
