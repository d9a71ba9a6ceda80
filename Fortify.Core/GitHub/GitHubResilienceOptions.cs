namespace Fortify.Core.GitHub;

/// <summary>How hard every GitHub call tries before it gives up (<c>GitHub:Resilience</c>).</summary>
public sealed class GitHubResilienceOptions
{
    /// <summary>One call, retries and waits included; it must outlast <see cref="MaxRateLimitWait"/>.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first back-off; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A rate limit that lifts within this is waited out; a longer one fails at once, so the job is rescheduled for
    /// the reset instead of holding a worker.
    /// </summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(10);

    public double CircuitFailureRatio { get; set; } = 0.5;
    public int CircuitMinimumThroughput { get; set; } = 10;
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
