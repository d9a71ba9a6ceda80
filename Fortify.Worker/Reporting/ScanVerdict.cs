using Fortify.Scanning;

namespace Fortify.Worker.Reporting;

/// <summary>What a finished scan tells GitHub: the check's conclusion, title and Markdown summary.</summary>
internal sealed record ScanVerdict(string Conclusion, string Title, string Summary)
{
    /// <summary>GitHub refuses a check-run summary or text longer than this.</summary>
    public const int MaxSummaryLength = 65_535;

    public const string Success = "success";
    public const string Failure = "failure";
    public const string Neutral = "neutral";
}

/// <summary>Turns findings into a verdict: failure at or above the repository's <c>fail_on</c>, else success.</summary>
internal static class ScanVerdicts
{
    private const int MaxRowsListed = 200;

    public static ScanVerdict For(IReadOnlyList<Finding> findings, Severity failOn, string mode, int filesScanned)
    {
        var failing = findings.Count(f => f.Severity >= failOn);
        var conclusion = failing > 0 ? ScanVerdict.Failure : ScanVerdict.Success;
        var title = findings.Count switch
        {
            0 => "No findings",
            _ when failing > 0 => $"{failing} finding{Plural(failing)} at or above {failOn.ToString().ToLowerInvariant()}",
            _ => $"{findings.Count} finding{Plural(findings.Count)} below {failOn.ToString().ToLowerInvariant()}",
        };
        return new ScanVerdict(conclusion, title, Summarise(findings, failOn, mode, filesScanned));
    }

    /// <summary>A scan that could not judge the code (an invalid <c>.fortify.yml</c>): the check fails with the reason.</summary>
    public static ScanVerdict ConfigurationError(string error) => new(
        ScanVerdict.Failure,
        "Invalid .fortify.yml",
        Truncate($"Fortify could not read this commit's `.fortify.yml`, so nothing was scanned.\n\n```\n{error}\n```\n"));

    /// <summary>A tarball the extractor refused: nothing was scanned, and the check says why.</summary>
    public static ScanVerdict ArchiveRefused(string reason) => new(
        ScanVerdict.Failure,
        "Archive refused",
        Truncate($"Fortify refused this commit's archive and scanned nothing:\n\n```\n{reason}\n```\n"));

    private static string Summarise(IReadOnlyList<Finding> findings, Severity failOn, string mode, int filesScanned)
    {
        var summary = new System.Text.StringBuilder();
        summary.Append("**Scope:** ").Append(mode).Append(", ").Append(filesScanned).Append(" file").Append(Plural(filesScanned)).AppendLine(" scanned.");
        summary.Append("**Fails on:** ").Append(failOn.ToString().ToLowerInvariant()).AppendLine(" and above.").AppendLine();
        if (findings.Count == 0)
        {
            summary.AppendLine("No findings.");
            return summary.ToString();
        }

        summary.AppendLine("| Severity | Rule | Location | Finding |").AppendLine("| --- | --- | --- | --- |");
        foreach (var finding in findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).Take(MaxRowsListed))
        {
            summary.Append("| ").Append(finding.Severity.ToString().ToLowerInvariant())
                .Append(" | `").Append(Cell(finding.RuleId)).Append("` ").Append(Cell(finding.RuleName))
                .Append(" | `").Append(Cell(finding.Path)).Append(':').Append(finding.Line)
                .Append("` | ").Append(Cell(finding.Message)).AppendLine(" |");
        }

        if (findings.Count > MaxRowsListed)
        {
            summary.Append("\n…and ").Append(findings.Count - MaxRowsListed).AppendLine(" more; the SARIF report has them all.");
        }

        return Truncate(summary.ToString());
    }

    private static string Truncate(string text)
    {
        const string Cut = "\n\n…the summary is cut here to stay within GitHub's limit; the SARIF report has every finding.";
        return text.Length <= ScanVerdict.MaxSummaryLength ? text : text[..(ScanVerdict.MaxSummaryLength - Cut.Length)] + Cut;
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Plural(int count) => count == 1 ? "" : "s";
}
