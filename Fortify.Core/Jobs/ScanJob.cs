namespace Fortify.Core.Jobs;

/// <summary>A scan to run on one commit of one repository, and where it is in its life.</summary>
public sealed class ScanJob
{
    public Guid JobId { get; set; }
    public string Trigger { get; set; } = "webhook";
    public required string Repository { get; set; }
    public ScanTargetType TargetType { get; set; }
    public required string Reference { get; set; }
    public required string CommitSha { get; set; }
    public required Dictionary<string, string> Context { get; set; }
    public JobPriority Priority { get; set; }
    public JobStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? SupersededBy { get; set; }
    public string? DeliveryId { get; set; }
    public int Attempts { get; set; }
    public string? WorkerId { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>When the worker holding the job must have renewed it by; past this another worker may take it.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>A retried job waits until then before it is queued again.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>When the job last went onto its stream; null while it waits to be (re)dispatched.</summary>
    public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>The job's check run on GitHub, once opened; null for a commit status or before it is opened.</summary>
    public long? CheckRunId { get; set; }

    public Scanning.CheckRunState CheckRunState { get; set; }

    /// <summary>
    /// While <see cref="Scanning.CheckRunState.Opening"/>: when the holder claimed it (a stale claim is taken over).
    /// While pending: when the agent may try again after GitHub failed to answer, null for at once. (A job of a
    /// repository whose check runs are paused is <see cref="Scanning.CheckRunState.Parked"/> instead.)
    /// </summary>
    public DateTimeOffset? CheckRunClaimedAt { get; set; }

    /// <summary>The context key under which the agent keeps the GitHub App installation the delivery came from.</summary>
    public const string InstallationIdKey = "installation_id";

    /// <summary>The installation the delivery named, if any; the GitHub client looks it up otherwise.</summary>
    public long? InstallationId =>
        long.TryParse(Context.GetValueOrDefault(InstallationIdKey), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public bool IsLive => Status is JobStatus.Queued or JobStatus.Processing;
}
