namespace Fortify.Scanning.Secrets;

/// <summary>Masks secrets so that findings, previews and logs never carry them in full.</summary>
public static class Redaction
{
    /// <summary>The fixed mask; its length never reveals the secret's length.</summary>
    public const string Mask = "********";

    /// <summary>
    /// The redacted form of a secret: its first 4 characters (2 for secrets shorter than 16, none below 8), an
    /// ellipsis and <see cref="Mask"/>. Line breaks in the kept prefix are dropped.
    /// </summary>
    public static string Redact(ReadOnlySpan<char> secret)
    {
        var keep = secret.Length >= 16 ? 4 : secret.Length >= 8 ? 2 : 0;
        var prefix = secret[..keep];
        if (prefix.ContainsAny('\r', '\n'))
        {
            keep = 0;
            prefix = [];
        }

        return string.Concat(prefix, "…", Mask);
    }
}
