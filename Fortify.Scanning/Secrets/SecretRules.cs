using System.Buffers.Text;
using System.Text.RegularExpressions;

namespace Fortify.Scanning.Secrets;

/// <summary>
/// The built-in secret rules, most specific first: when two matches overlap on a line, the earlier rule wins (a
/// GitHub token assigned to <c>token = "..."</c> is a GitHub token, not a generic secret).
/// </summary>
internal static partial class SecretRules
{
    private const RegexOptions Plain = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const RegexOptions IgnoreCase = Plain | RegexOptions.IgnoreCase;

    public static SecretRule[] Create()
    {
        SecretRule[] rules =
        [
            new("FS005", "gcp-service-account-key", "Google Cloud service account private key", Severity.Critical,
                ["private_key"], GcpServiceAccountRegex(), GcpServiceAccountKey, anchored: false),
            new("FS012", "private-key", "Private key block", Severity.Critical,
                ["private key"], PrivateKeyRegex(), PrivateKeyBlock, anchored: false),
            new("FS001", "github-token", "GitHub token", Severity.Critical,
                ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], GitHubTokenRegex(), GitHubToken),
            new("FS002", "aws-access-key-id", "AWS access key id", Severity.High,
                ["akia", "asia"], AwsAccessKeyIdRegex(), NotPlaceholder),
            new("FS003", "aws-secret-access-key", "AWS secret access key", Severity.Critical,
                ["aws", "secret"], AwsSecretRegex(), AwsSecretAccessKey),
            new("FS004", "azure-storage-key", "Azure storage account or shared access key", Severity.Critical,
                ["accountkey", "sharedaccesskey"], AzureKeyRegex(), AzureKey),
            new("FS006", "gcp-api-key", "Google API key", Severity.High,
                ["aiza"], GcpApiKeyRegex(), GcpApiKey),
            new("FS007", "slack-token", "Slack token", Severity.High,
                ["xox"], SlackTokenRegex(), SlackToken),
            new("FS008", "slack-webhook", "Slack incoming webhook URL", Severity.Medium,
                ["hooks.slack.com"], SlackWebhookRegex(), NotPlaceholder, anchored: false),
            new("FS009", "stripe-key", "Stripe live secret or restricted key", Severity.Critical,
                ["sk_live_", "rk_live_"], StripeKeyRegex(), RandomBody(8, 3.5)),
            new("FS010", "npm-token", "npm access token", Severity.High,
                ["npm_"], NpmTokenRegex(), RandomBody(4, 3.5)),
            new("FS011", "pypi-token", "PyPI API token", Severity.High,
                ["pypi-ageichlwas5vcmc"], PyPiTokenRegex(), NotPlaceholder),
            new("FS013", "jwt", "JSON Web Token", Severity.Medium,
                ["eyj"], JwtRegex(), Jwt),
            new("FS014", "url-credentials", "Password in a URL", Severity.High,
                ["://"], UrlCredentialsRegex(), UrlCredentials),
            new("FS015", "connection-string-password", "Password in a connection string", Severity.High,
                ["password", "pwd"], ConnectionStringPasswordRegex(), ConnectionStringPassword),
            new("FS017", "bearer-token", "Bearer token", Severity.Medium,
                ["bearer"], BearerRegex(), Bearer),
            new("FS016", "generic-secret", "High-entropy value assigned to a secret-like name", Severity.Medium,
                ["<add"], XmlAppSettingRegex(), GenericSecret),
            new("FS016", "generic-secret", "High-entropy value assigned to a secret-like name", Severity.Medium,
                ["secret", "token", "pass", "pwd", "cred", "key", "auth"], GenericAssignmentRegex(), GenericSecret),
        ];

        for (var i = 0; i < rules.Length; i++)
        {
            rules[i].Priority = i;
        }

        return rules;
    }

    // ---- Patterns -------------------------------------------------------------------------------------------------
    // Anchored patterns start with \G and begin exactly at their keyword: they are tried only where the keyword
    // search found one (Regex.Match(text, position)), never slid along the line. They must not cross a line end, so
    // they use [ \t] rather than \s between tokens; lookbehinds see the text before the keyword.

    [GeneratedRegex("""["']private_key["'][ \t]*:[ \t]*["'](?<s>-----BEGIN (?:RSA )?PRIVATE KEY-----[^"'\r\n]{64,})""", Plain)]
    private static partial Regex GcpServiceAccountRegex();

    [GeneratedRegex("-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----", Plain)]
    private static partial Regex PrivateKeyRegex();

    [GeneratedRegex("(?<s>https://hooks\\.slack\\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,12}/[AB][A-Z0-9]{6,12}/[A-Za-z0-9]{20,40})", Plain)]
    private static partial Regex SlackWebhookRegex();

    [GeneratedRegex("\\G(?<![A-Za-z0-9_])(?<s>gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9]{20,30}_[A-Za-z0-9]{50,70})(?![A-Za-z0-9_])", Plain)]
    private static partial Regex GitHubTokenRegex();

    [GeneratedRegex("\\G(?<![A-Za-z0-9])(?<s>(?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])", Plain)]
    private static partial Regex AwsAccessKeyIdRegex();

    [GeneratedRegex("""\G(?<k>aws|secret)[a-z0-9_.\-]{0,40}["'\]]{0,2}[ \t]{0,4}(?::=|=>|=|:)[ \t]{0,4}[@$]?["'`]?(?<s>[a-z0-9/+]{40})(?![a-z0-9/+=])""", IgnoreCase)]
    private static partial Regex AwsSecretRegex();

    [GeneratedRegex("\\G(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)[ \\t]*=[ \\t]*(?<s>[A-Za-z0-9+/]{30,100}={0,2})", IgnoreCase)]
    private static partial Regex AzureKeyRegex();

    [GeneratedRegex("\\G(?<![A-Za-z0-9_\\-])(?<s>AIza[0-9A-Za-z_\\-]{35})(?![A-Za-z0-9_\\-])", Plain)]
    private static partial Regex GcpApiKeyRegex();

    [GeneratedRegex("\\G(?<![A-Za-z0-9])(?<s>xox[abpr]-(?:[0-9A-Za-z]{1,14}-){1,4}[0-9A-Za-z]{16,64})(?![A-Za-z0-9\\-])", Plain)]
    private static partial Regex SlackTokenRegex();

    [GeneratedRegex("\\G(?<![A-Za-z0-9_])(?<s>[sr]k_live_[0-9A-Za-z]{24,99})(?![A-Za-z0-9_])", Plain)]
    private static partial Regex StripeKeyRegex();

    [GeneratedRegex("\\G(?<![A-Za-z0-9_])(?<s>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])", Plain)]
    private static partial Regex NpmTokenRegex();

    [GeneratedRegex("\\G(?<![A-Za-z0-9_\\-])(?<s>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,})", Plain)]
    private static partial Regex PyPiTokenRegex();

    [GeneratedRegex("\\G(?<![A-Za-z0-9_\\-])(?<s>eyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{16,})", Plain)]
    private static partial Regex JwtRegex();

    [GeneratedRegex("""\G(?<=[a-z0-9])://(?<u>[^\s/:@'"`<>]{0,64}):(?<s>[^\s/@'"`<>]{1,128})@[^\s/'"`<>:@]{1,255}""", IgnoreCase)]
    private static partial Regex UrlCredentialsRegex();

    [GeneratedRegex("""\G(?<![a-z0-9_.\-])(?:password|pwd)[ \t]*=[ \t]*(?<s>[^;'"\s<>]{3,128})(?=[;'"\s]|$)""", IgnoreCase)]
    private static partial Regex ConnectionStringPasswordRegex();

    [GeneratedRegex("""\G(?<![a-z0-9])bearer[ \t]+(?<s>[a-z0-9\-._~+/]{20,512}=*)""", IgnoreCase)]
    private static partial Regex BearerRegex();

    [GeneratedRegex("\\G<add[ \\t]+key[ \\t]*=[ \\t]*\"(?<n>[^\"\\r\\n]{1,64})\"[ \\t]+value[ \\t]*=[ \\t]*\"(?<s>[^\"\\r\\n]{6,256})\"", IgnoreCase)]
    private static partial Regex XmlAppSettingRegex();

    [GeneratedRegex("""\G(?<k>secret|token|passw(?:or)?d|passphrase|pass|pwd|credentials?|creds|key|auth)[a-z0-9_.\-]{0,40}(?:["'][ \t]{0,4},|["'\]]{0,2}[ \t]{0,4}(?::=|=>|\|\|=|\?\?=|=|:))[ \t]{0,4}(?:[@$]?(?<q>["'`])(?<s>[^"'`\r\n]{6,256}?)\k<q>|(?<u>[^\s"'`,;(){}\[\]<>]{6,256}))""", IgnoreCase)]
    private static partial Regex GenericAssignmentRegex();

    // ---- Validators ----------------------------------------------------------------------------------------------

    private static bool NotPlaceholder(ref SecretMatch m) => !Placeholders.IsPlaceholder(m.Secret, m.Settings.AllowedValues);

    private static bool GitHubToken(ref SecretMatch m)
    {
        var secret = m.Secret;
        var body = secret.StartsWith("github_pat_", StringComparison.Ordinal) ? secret[11..] : secret[4..];
        return NotPlaceholder(ref m) && TextStats.ShannonEntropy(body) >= 3.0;
    }

    private static SecretValidator RandomBody(int prefixLength, double minEntropy) => (ref m) =>
    {
        var body = m.Secret[prefixLength..];
        return NotPlaceholder(ref m) && TextStats.HasDigit(body) && TextStats.ShannonEntropy(body) >= minEntropy;
    };

    private static bool AwsSecretAccessKey(ref SecretMatch m)
    {
        var name = NameAround(m.Line, m.Match.Groups["k"].Index - m.LineStart).ToString().ToLowerInvariant();
        var compact = name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal)
            .Replace(".", "", StringComparison.Ordinal);
        var named = (compact.Contains("aws", StringComparison.Ordinal) && compact.Contains("secret", StringComparison.Ordinal))
            || compact.Contains("secretaccesskey", StringComparison.Ordinal);
        var secret = m.Secret;
        return named
            && TextStats.CharacterClasses(secret) >= 3
            && TextStats.ShannonEntropy(secret) >= 4.0
            && NotPlaceholder(ref m);
    }

    private static bool AzureKey(ref SecretMatch m) =>
        TextStats.ShannonEntropy(m.Secret) >= 4.0 && NotPlaceholder(ref m);

    private static bool GcpApiKey(ref SecretMatch m) =>
        TextStats.ShannonEntropy(m.Secret[4..]) >= 3.5 && NotPlaceholder(ref m);

    private static bool SlackToken(ref SecretMatch m)
    {
        var secret = m.Secret;
        var last = secret[(secret.LastIndexOf('-') + 1)..];
        return TextStats.ShannonEntropy(last) >= 3.0 && NotPlaceholder(ref m);
    }

    private static bool GcpServiceAccountKey(ref SecretMatch m)
    {
        var secret = m.Secret;
        var body = secret[(secret.IndexOf("KEY-----", StringComparison.Ordinal) + 8)..];
        var end = body.IndexOf("-----END", StringComparison.Ordinal);
        return IsPemBody(end >= 0 ? body[..end] : body);
    }

    private static bool PrivateKeyBlock(ref SecretMatch m)
    {
        var text = m.Text;
        var headerEnd = m.Match.Index + m.Match.Length;
        var limit = Math.Min(text.Length, headerEnd + 16_384);
        var rest = text.AsSpan(headerEnd, limit - headerEnd);
        int blockEnd;
        ReadOnlySpan<char> body;
        // The next marker ends the body: the block's END line, or the next block's BEGIN when this one has none.
        var marker = rest.IndexOf("-----", StringComparison.Ordinal);
        if (marker >= 0 && rest[marker..].StartsWith("-----END", StringComparison.Ordinal))
        {
            body = rest[..marker];
            var close = rest[(marker + 8)..].IndexOf("-----", StringComparison.Ordinal);
            blockEnd = headerEnd + marker + 8 + (close >= 0 && close < 40 ? close + 5 : 0);
        }
        else
        {
            // No end marker: take what follows up to a blank line.
            rest = marker >= 0 ? rest[..marker] : rest;
            var blank = rest.IndexOf("\n\n", StringComparison.Ordinal);
            body = rest[..Math.Min(blank >= 0 ? blank : rest.Length, 4096)];
            blockEnd = headerEnd + body.Length;
        }

        if (!IsPemBody(body))
        {
            return false;
        }

        m.SecretStart = m.Match.Index;
        m.SecretEnd = blockEnd;
        return !Placeholders.KnownExamples.Contains(m.Secret.ToString());
    }

    /// <summary>
    /// Whether the text after a PEM header holds key material: lines (real or escaped <c>\n</c>) made only of base64,
    /// at least two of 40+ characters or one of 200+, with the entropy of random bytes. Code that merely mentions a
    /// header (<c>StartsWith("-----BEGIN RSA PRIVATE KEY-----")</c>) has none.
    /// </summary>
    internal static bool IsPemBody(ReadOnlySpan<char> body)
    {
        var lines = 0;
        var longest = 0;
        Span<int> counts = stackalloc int[128];
        counts.Clear();
        var total = 0;
        while (!body.IsEmpty)
        {
            var newline = body.IndexOf('\n');
            var escaped = body.IndexOf("\\n", StringComparison.Ordinal);
            int cut;
            int skip;
            if (escaped >= 0 && (newline < 0 || escaped < newline))
            {
                (cut, skip) = (escaped, 2);
            }
            else
            {
                (cut, skip) = newline >= 0 ? (newline, 1) : (body.Length, 0);
            }

            var line = body[..cut].Trim();
            if (line.EndsWith("\\r", StringComparison.Ordinal))
            {
                line = line[..^2];
            }

            line = line.Trim("\"',+;`");

            if (line.Length >= 40 && !line.ContainsAnyExcept(Base64Chars))
            {
                lines++;
                longest = Math.Max(longest, line.Length);
                foreach (var c in line)
                {
                    counts[c]++;
                }

                total += line.Length;
            }

            body = body[Math.Min(body.Length, cut + skip)..];
        }

        if (lines < 2 && longest < 200)
        {
            return false;
        }

        double entropy = 0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = count / (double)total;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy >= 4.5;
    }

    private static readonly System.Buffers.SearchValues<char> Base64Chars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    private static bool Jwt(ref SecretMatch m)
    {
        var secret = m.Secret;
        if (Placeholders.KnownExamples.GetAlternateLookup<ReadOnlySpan<char>>().Contains(secret))
        {
            return false;
        }

        var header = secret[..secret.IndexOf('.')];
        Span<byte> decoded = stackalloc byte[512];
        if (header.Length > 640 || !Base64Url.IsValid(header) || !Base64Url.TryDecodeFromChars(header, decoded, out var written))
        {
            return false;
        }

        return decoded[..written].IndexOf("\"alg\""u8) >= 0;
    }

    private static bool UrlCredentials(ref SecretMatch m)
    {
        var password = m.Secret;
        var user = m.Match.Groups["u"].ValueSpan;
        if (password.SequenceEqual(user) || (password.Length <= 5 && !password.ContainsAnyExceptInRange('0', '9')))
        {
            return false;
        }

        // A percent-encoded or plain placeholder ("%3Cpassword%3E", "****", "${DB_PASSWORD}").
        return !password.Contains("%3C", StringComparison.OrdinalIgnoreCase) && NotPlaceholder(ref m);
    }

    private static bool ConnectionStringPassword(ref SecretMatch m)
    {
        var line = m.Line;
        if (line.IndexOf(';') < 0)
        {
            return false;
        }

        var context = false;
        foreach (var key in ConnectionStringKeys)
        {
            if (line.Contains(key, StringComparison.OrdinalIgnoreCase))
            {
                context = true;
                break;
            }
        }

        return context && NotPlaceholder(ref m);
    }

    private static readonly string[] ConnectionStringKeys =
    [
        "server=", "host=", "data source=", "datasource=", "user id=", "userid=", "uid=", "username=", "user=",
        "database=", "initial catalog=", "port=", "address=", "addr=",
    ];

    private static bool Bearer(ref SecretMatch m)
    {
        var secret = m.Secret;
        return TextStats.HasDigit(secret)
            && TextStats.ShannonEntropy(secret) >= 3.5
            && NotPlaceholder(ref m);
    }

    private static bool GenericSecret(ref SecretMatch m)
    {
        ReadOnlySpan<char> name;
        var nameGroup = m.Match.Groups["n"];
        if (nameGroup.Success)
        {
            name = nameGroup.ValueSpan;
        }
        else
        {
            name = NameAround(m.Line, m.Match.Groups["k"].Index - m.LineStart);
        }

        var quoted = !m.Match.Groups["u"].Success;
        return GenericSecretHeuristics.IsSecret(name, m.Secret, quoted, m.Settings);
    }

    /// <summary>The identifier (letters, digits, <c>_ - .</c>) around <paramref name="index"/> in the line.</summary>
    internal static ReadOnlySpan<char> NameAround(ReadOnlySpan<char> line, int index)
    {
        var start = index;
        while (start > 0 && IsNameChar(line[start - 1]))
        {
            start--;
        }

        var end = index;
        while (end < line.Length && IsNameChar(line[end]))
        {
            end++;
        }

        return line[start..end];
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
}
