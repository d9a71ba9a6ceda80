namespace Fortify.Core.Scanning;

/// <summary>
/// The outcome of a finished scan and the state of telling GitHub about it. Reporting is retried on its own
/// schedule, so a GitHub outage never changes what the scan found.
/// </summary>
public sealed class ScanReport
{
    public Guid JobId { get; set; }

    /// <summary><c>success</c>, <c>failure</c> or <c>neutral</c>, as a check run's conclusion.</summary>
    public required string Conclusion { get; set; }

    public required string Title { get; set; }

    /// <summary>The Markdown summary shown on the check run, already under GitHub's limit.</summary>
    public required string Summary { get; set; }

    /// <summary>The findings as a SARIF 2.1.0 log.</summary>
    public required string Sarif { get; set; }

    /// <summary><c>diff</c> (changed files, added lines) or <c>full</c>, and why.</summary>
    public required string Mode { get; set; }

    public int FindingsCount { get; set; }
    public int FilesScanned { get; set; }
    public long BytesScanned { get; set; }
    public DateTimeOffset CompletedAt { get; set; }

    public ReportState State { get; set; }

    /// <summary>Annotations GitHub already has: GitHub appends them, so a retried report sends only the rest.</summary>
    public int AnnotationsPublished { get; set; }
    public int ReportAttempts { get; set; }
    public DateTimeOffset? NextReportAt { get; set; }
    public DateTimeOffset? ReportedAt { get; set; }
    public string? LastReportError { get; set; }
}

public enum ReportState
{
    /// <summary>Not yet on GitHub, or to be tried again at <see cref="ScanReport.NextReportAt"/>.</summary>
    Pending,

    /// <summary>GitHub shows it.</summary>
    Reported,

    /// <summary>Given up after the last attempt; the scan's own outcome stands.</summary>
    Abandoned,
}
