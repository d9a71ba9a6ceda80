using Microsoft.Extensions.FileSystemGlobbing;

namespace Fortify.Scanning.Configuration;

/// <summary>
/// A repository's own scan settings, read from <see cref="FileName"/> at its root: paths to leave out, rules to turn
/// off, the lowest severity reported, the severity that fails the check, and whether every file is scanned.
/// </summary>
public sealed class RepositoryScanConfig
{
    /// <summary>The file's name at the repository root.</summary>
    public const string FileName = ".fortify.yml";

    private Matcher? _ignored;

    /// <summary>The settings of a repository without the file (or with an empty one).</summary>
    public static RepositoryScanConfig Default { get; } = new();

    /// <summary>Globs (<c>docs/**</c>, <c>**/*.min.js</c>) of forward-slash paths, relative to the root, never scanned.</summary>
    public IReadOnlyList<string> IgnorePaths { get; init; } = [];

    /// <summary>Rule ids (<c>FS001</c>, <c>DS126858</c>) or names (<c>aws-access-key-id</c>) never reported; case-insensitive.</summary>
    public IReadOnlyList<string> DisabledRules { get; init; } = [];

    /// <summary>Findings below this severity are not reported.</summary>
    public Severity SeverityThreshold { get; init; } = Severity.Note;

    /// <summary>A reported finding at or above this severity fails the check.</summary>
    public Severity FailOn { get; init; } = Severity.High;

    /// <summary>Scan every file of the repository rather than only a change's added lines.</summary>
    public bool FullScan { get; init; }

    /// <summary>Reads the YAML text of a <see cref="FileName"/>; an empty text gives <see cref="Default"/>.</summary>
    public static ConfigParseResult Parse(string yaml) => RepositoryScanConfigParser.Parse(yaml);

    /// <summary>Whether <paramref name="relativePath"/> (either slash) matches one of <see cref="IgnorePaths"/>.</summary>
    public bool IsIgnored(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (IgnorePaths.Count == 0)
        {
            return false;
        }

        var matcher = LazyInitializer.EnsureInitialized(ref _ignored, () =>
        {
            // Git paths are case-sensitive.
            var built = new Matcher(StringComparison.Ordinal);
            foreach (var glob in IgnorePaths)
            {
                built.AddInclude(NormalizeGlob(glob));
            }

            return built;
        });
        return matcher.Match(PathNames.Normalize(relativePath)).HasMatches;
    }

    /// <summary>Whether the rule is listed in <see cref="DisabledRules"/> by id or by name.</summary>
    public bool IsDisabled(string ruleId, string? ruleName = null) =>
        DisabledRules.Any(rule => string.Equals(rule, ruleId, StringComparison.OrdinalIgnoreCase)
            || (ruleName is not null && string.Equals(rule, ruleName, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Whether the finding is reported: not in an ignored path, not of a disabled rule, at or above the threshold.</summary>
    public bool IsReported(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Severity >= SeverityThreshold && !IsDisabled(finding.RuleId, finding.RuleName) && !IsIgnored(finding.Path);
    }

    /// <summary>The findings that are reported, in input order.</summary>
    public IReadOnlyList<Finding> Apply(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return [.. findings.Where(IsReported)];
    }

    /// <summary>Whether the check fails: a reported finding is at or above <see cref="FailOn"/>.</summary>
    public bool Fails(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return findings.Any(finding => finding.Severity >= FailOn && IsReported(finding));
    }

    /// <summary><c>/vendor/</c> reads as <c>vendor/**</c>: a leading slash anchors nothing more, a trailing one means "all below".</summary>
    private static string NormalizeGlob(string glob)
    {
        var normalized = PathNames.Normalize(glob.Trim());
        return normalized.EndsWith('/') ? normalized + "**" : normalized;
    }
}
