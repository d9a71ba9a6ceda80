namespace Fortify.Scanning;

/// <summary>One problem a scanner found at one place in one file.</summary>
/// <param name="RuleId">The rule's stable identifier, e.g. <c>FS001</c>.</param>
/// <param name="RuleName">The rule's readable name, e.g. <c>github-token</c>.</param>
/// <param name="Severity">How bad it is.</param>
/// <param name="Path">The file, relative to the scan root, with forward slashes.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column of the first character (UTF-16 code units).</param>
/// <param name="EndColumn">1-based column just past the last character (exclusive, as in SARIF).</param>
/// <param name="Message">What was found. Never holds a secret in full.</param>
/// <param name="Preview">The line with every detected secret masked; <see langword="null"/> when unknown.</param>
/// <param name="SecretHash">Lower-case SHA-256 hex of the matched secret; <see langword="null"/> for non-secret findings.</param>
/// <param name="Fingerprint">Stable identity: SHA-256 over rule id, path and the normalised line (see <see cref="Fingerprints"/>).</param>
/// <param name="Scanner">The name of the scanner that reported it.</param>
public sealed record Finding(
    string RuleId,
    string RuleName,
    Severity Severity,
    string Path,
    int Line,
    int Column,
    int EndColumn,
    string Message,
    string? Preview,
    string? SecretHash,
    string Fingerprint,
    string Scanner)
{
    /// <summary>
    /// The rule's category (e.g. <c>secret</c>, <c>sql-injection</c>) used to merge findings of different tools on the
    /// same line; <see langword="null"/> lets <see cref="FindingCategories.Of"/> infer it.
    /// </summary>
    public string? Category { get; init; }
}
