using Fortify.Core.Scanning;
using Fortify.Scanning;

namespace Fortify.Worker.Reporting;

/// <summary>
/// The one line a commit status carries. A token's report has no annotations and no summary, so the line names the
/// worst findings and where they are: without it the pull request only learns how many there were.
/// </summary>
internal static class CommitStatusDescription
{
    /// <summary>GitHub refuses a longer status description.</summary>
    public const int MaxLength = 140;

    public static string Final(ScanReport report, IReadOnlyList<ScanFinding> findings)
    {
        var named = findings
            .OrderByDescending(f => Enum.TryParse<Severity>(f.Severity, ignoreCase: true, out var severity) ? severity : Severity.Note)
            .ThenBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line)
            .Select(f => $"{f.RuleId} {f.RuleName} at {f.Path}:{f.Line}")
            .Distinct()
            .ToList();
        if (named.Count == 0)
        {
            return Fit(report.Title);
        }

        var text = $"{report.Title}: {named[0]}";
        var shown = 1;
        // Whole entries only, and room kept for saying how many were left out.
        while (shown < named.Count && $"{text}; {named[shown]}{More(named.Count - shown - 1)}".Length <= MaxLength)
        {
            text = $"{text}; {named[shown]}";
            shown++;
        }

        return Fit(text + More(named.Count - shown));
    }

    public static string Fit(string text) => text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";

    private static string More(int count) => count > 0 ? $" (+{count} more)" : "";
}
