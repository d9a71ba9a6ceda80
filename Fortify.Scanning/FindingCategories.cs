namespace Fortify.Scanning;

/// <summary>Rule categories, used to recognise that two tools reported the same problem on the same line.</summary>
public static class FindingCategories
{
    /// <summary>Hard-coded credentials, keys and tokens.</summary>
    public const string Secret = "secret";

    /// <summary>
    /// The finding's category: <see cref="Finding.Category"/> when set, <see cref="Secret"/> when it carries a secret
    /// hash, otherwise a guess from the rule id, name and message; failing that the rule id itself (so only the same
    /// rule matches).
    /// </summary>
    public static string Of(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (!string.IsNullOrEmpty(finding.Category))
        {
            return finding.Category;
        }

        if (finding.SecretHash is not null)
        {
            return Secret;
        }

        return Infer(finding.RuleId, finding.RuleName, finding.Message) ?? "rule:" + finding.RuleId;
    }

    /// <summary>Guesses a category from free text (rule names, descriptions, tags); <see langword="null"/> if unsure.</summary>
    public static string? Infer(params ReadOnlySpan<string?> texts)
    {
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            foreach (var (keyword, category) in Keywords)
            {
                if (text.Contains(keyword, StringComparison.OrdinalIgnoreCase))
                {
                    return category;
                }
            }
        }

        return null;
    }

    private static readonly (string Keyword, string Category)[] Keywords =
    [
        ("secret", Secret),
        ("password", Secret),
        ("credential", Secret),
        ("private key", Secret),
        ("privatekey", Secret),
        ("api key", Secret),
        ("apikey", Secret),
        ("access key", Secret),
        ("token", Secret),
        ("sql", "sql-injection"),
        ("xss", "xss"),
        ("cross-site scripting", "xss"),
        ("cross site scripting", "xss"),
        ("command injection", "command-injection"),
        ("process.start", "command-injection"),
        ("deserializ", "deserialization"),
        ("path traversal", "path-traversal"),
        ("certificate", "tls"),
        ("tls", "tls"),
        ("ssl", "tls"),
        ("md5", "weak-crypto"),
        ("sha1", "weak-crypto"),
        ("cipher", "weak-crypto"),
        ("crypto", "weak-crypto"),
        ("random", "weak-random"),
        ("http:", "insecure-transport"),
        ("insecure url", "insecure-transport"),
    ];
}
