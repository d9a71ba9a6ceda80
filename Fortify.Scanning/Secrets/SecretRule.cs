using System.Text.RegularExpressions;

namespace Fortify.Scanning.Secrets;

/// <summary>What a validator sees of one regex match.</summary>
internal ref struct SecretMatch
{
    /// <summary>The whole file.</summary>
    public string Text;

    /// <summary>Absolute index of the first character of the line.</summary>
    public int LineStart;

    /// <summary>Absolute index just past the line's last character (before any CR/LF).</summary>
    public int LineEnd;

    /// <summary>The regex match (indices are absolute in <see cref="Text"/>).</summary>
    public Match Match;

    /// <summary>Absolute start of the secret; validators may move it.</summary>
    public int SecretStart;

    /// <summary>Absolute end (exclusive) of the secret; validators may move it (e.g. past a key block).</summary>
    public int SecretEnd;

    /// <summary>Scanner settings (allow-list, thresholds).</summary>
    public SecretsScannerSettings Settings;

    /// <summary>The secret's text.</summary>
    public readonly ReadOnlySpan<char> Secret => Text.AsSpan(SecretStart, SecretEnd - SecretStart);

    /// <summary>The line's text.</summary>
    public readonly ReadOnlySpan<char> Line => Text.AsSpan(LineStart, LineEnd - LineStart);
}

/// <summary>Accepts or rejects a match; may adjust the secret's bounds.</summary>
internal delegate bool SecretValidator(ref SecretMatch match);

/// <summary>One detection rule: keywords that must occur on the line, a regex, and a validator.</summary>
internal sealed class SecretRule
{
    public SecretRule(
        string id,
        string name,
        string title,
        Severity severity,
        string[] keywords,
        Regex regex,
        SecretValidator? validator = null,
        bool anchored = true)
    {
        Id = id;
        Name = name;
        Title = title;
        Severity = severity;
        Keywords = keywords;
        Regex = regex;
        Validator = validator;
        Anchored = anchored;
    }

    public string Id { get; }

    public string Name { get; }

    public string Title { get; }

    public Severity Severity { get; }

    /// <summary>Lower-case keywords; a line is only given to the regex when one occurs (case-insensitively).</summary>
    public string[] Keywords { get; }

    /// <summary>The pattern; the named group <c>s</c> (or <c>u</c>) is the secret, else the whole match.</summary>
    public Regex Regex { get; }

    public SecretValidator? Validator { get; }

    /// <summary>
    /// Whether the pattern starts with <c>\G</c> at its keyword: it is tried at each keyword occurrence only.
    /// Otherwise it is run over the whole line (or windows of a long line).
    /// </summary>
    public bool Anchored { get; }

    /// <summary>Position in the rule list: lower wins when two matches overlap.</summary>
    public int Priority { get; set; }

    public RuleDescriptor ToDescriptor() => new(Id, Name, Title, Severity, FindingCategories.Secret);
}
