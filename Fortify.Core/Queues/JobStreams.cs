using Fortify.Core.Jobs;

namespace Fortify.Core.Queues;

/// <summary>The Redis keys the services share.</summary>
public static class JobStreams
{
    public const string ConnectionName = "redis";
    public const string ConsumerGroup = "fortify-workers";
    public const string WebhookSpool = "fortify:webhooks:spool";
    public const string DeadLetters = "fortify:jobs:dead";
    public const string CompletedChannel = "fortify:scan-completed";

    /// <summary>Highest first: the order a worker reads them in.</summary>
    public static readonly IReadOnlyList<JobPriority> ByPriority = [JobPriority.High, JobPriority.Normal, JobPriority.Low];

    public static string For(JobPriority priority) => priority switch
    {
        JobPriority.High => "fortify:jobs:high",
        JobPriority.Normal => "fortify:jobs:normal",
        JobPriority.Low => "fortify:jobs:low",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown job priority."),
    };
}
