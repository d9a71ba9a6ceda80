namespace Fortify.Core.Scanning;

/// <summary>
/// One finding of one job, de-duplicated across scanners. A secret is never stored: only a masked preview of its
/// line and a hash of the secret.
/// </summary>
public sealed class ScanFinding
{
    public long Id { get; set; }
    public Guid JobId { get; set; }

    /// <summary>Rule, path and normalised line content; never the line number, so an edit above it keeps it the same.</summary>
    public required string Fingerprint { get; set; }

    public required string RuleId { get; set; }
    public required string RuleName { get; set; }
    public required string Severity { get; set; }
    public string? Category { get; set; }

    /// <summary>Every scanner that reported it, comma-separated.</summary>
    public required string Scanners { get; set; }

    public required string Path { get; set; }
    public int Line { get; set; }
    public int Column { get; set; }
    public int EndColumn { get; set; }
    public required string Message { get; set; }
    public string? Preview { get; set; }
    public string? SecretHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
