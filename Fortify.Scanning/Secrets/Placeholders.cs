using System.Collections.Frozen;

namespace Fortify.Scanning.Secrets;

/// <summary>
/// The allow-list: documentation examples, placeholders and references to secrets kept elsewhere. A candidate that
/// matches is not a finding.
/// </summary>
public static class Placeholders
{
    /// <summary>Published example credentials, reported by no rule.</summary>
    public static readonly FrozenSet<string> KnownExamples = FrozenSet.Create(
        StringComparer.Ordinal,
        // AWS documentation.
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        // jwt.io's sample token.
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        // The Azure Storage emulator (Azurite) account key, public by design.
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==");

    /// <summary>Whole values (compared case-insensitively) that are defaults or placeholders, not secrets.</summary>
    public static readonly FrozenSet<string> PlaceholderValues = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "password", "passwd", "pass", "pwd", "secret", "token", "changeme", "changeit", "admin", "root", "guest", "user",
        "username", "postgres", "mysql", "redis", "test", "testing", "default", "none", "null", "nil", "undefined",
        "empty", "string", "str", "required", "optional", "true", "false", "hunter2", "letmein", "qwerty", "secret123",
        "password123", "password1", "p@ssw0rd", "pa$$w0rd", "sa", "example", "sample", "demo", "foobar", "foo", "bar");

    /// <summary>Case-insensitive fragments that mark a value as a placeholder or an example.</summary>
    private static readonly string[] Fragments =
    [
        "example", "xxxx", "****", "....", "•••", "changeme", "change_me", "change-me", "changeit", "your_", "your-",
        "yourapi", "yoursecret", "yourtoken", "yourpassword", "yourkey", "placeholder", "dummy", "redacted", "replace",
        "insert", "sample", "todo", "fixme", "notreal", "not_real", "not-real", "not-a-real", "fake", "test", "mock",
        "12345678", "abcdefgh", "qwerty", "lorem", "ipsum", "${", "{{", "}}", "$(", "%(", "<", ">",
    ];

    /// <summary>Prefixes of references to secrets held elsewhere (environment, vaults, CI secrets).</summary>
    private static readonly string[] ReferencePrefixes =
    [
        "$", "@", "{", "[", "process.env", "os.environ", "os.getenv", "env.", "env[", "env(", "secrets.", "vault:",
        "op://", "arn:aws:secretsmanager", "keyvault", "akv:", "sm://", "ref+", "!vault", "!secret", "!ref",
    ];

    /// <summary>
    /// Whether <paramref name="value"/> is an example, placeholder or reference rather than a secret.
    /// <paramref name="extra"/> adds exact values from configuration.
    /// </summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> value, IReadOnlySet<string>? extra = null)
    {
        value = value.Trim();
        if (value.Length < 3)
        {
            return true;
        }

        var lookup = KnownExamples.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.Contains(value) || PlaceholderValues.GetAlternateLookup<ReadOnlySpan<char>>().Contains(value))
        {
            return true;
        }

        if (extra is { Count: > 0 } && extra.Contains(value.ToString()))
        {
            return true;
        }

        // %VARIABLE% (Windows, MSBuild).
        if (value.Length > 2 && value[0] == '%' && value[^1] == '%')
        {
            return true;
        }

        foreach (var prefix in ReferencePrefixes)
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // Long values (key blocks) only fail on known examples: random text meets short fragments by chance.
        if (value.Length <= 256)
        {
            foreach (var fragment in Fragments)
            {
                if (value.Contains(fragment, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            if (TextStats.LongestRun(value) >= 6 || (value.Length >= 8 && TextStats.DistinctCharacters(value) <= 3))
            {
                return true;
            }
        }

        return false;
    }
}
