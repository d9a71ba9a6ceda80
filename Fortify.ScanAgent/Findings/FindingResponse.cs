using Fortify.Core.Scanning;

namespace Fortify.ScanAgent.Findings;

internal sealed record FindingsResponse(
    Guid JobId,
    string Conclusion,
    string Mode,
    int FilesScanned,
    DateTimeOffset CompletedAt,
    string ReportState,
    IReadOnlyList<FindingResponse> Findings);

internal sealed record FindingResponse(
    string Fingerprint,
    string RuleId,
    string RuleName,
    string Severity,
    string? Category,
    IReadOnlyList<string> Scanners,
    string Path,
    int Line,
    int Column,
    int EndColumn,
    string Message,
    string? Preview,
    string? SecretHash)
{
    public static FindingResponse From(ScanFinding f) => new(
        f.Fingerprint, f.RuleId, f.RuleName, f.Severity, f.Category, f.Scanners.Split(',', StringSplitOptions.RemoveEmptyEntries),
        f.Path, f.Line, f.Column, f.EndColumn, f.Message, f.Preview, f.SecretHash);
}
