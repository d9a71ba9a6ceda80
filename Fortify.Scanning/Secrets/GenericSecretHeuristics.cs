using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Fortify.Scanning.Secrets;

/// <summary>
/// Decides whether <c>name = value</c> is a hard-coded secret: the name must read like a secret (and not like its
/// metadata: <c>token_url</c>, <c>secret_name</c>, <c>cache_key</c>), and the value must look random (entropy,
/// character classes) rather than like an identifier, a path, a reference or a placeholder.
/// </summary>
internal static partial class GenericSecretHeuristics
{
    public static bool IsSecret(ReadOnlySpan<char> name, ReadOnlySpan<char> value, bool quoted, SecretsScannerSettings settings)
    {
        if (name.IsEmpty || name.Length > 64)
        {
            return false;
        }

        var kind = ClassifyName(name);
        return kind != NameKind.None && LooksLikeSecretValue(value, kind == NameKind.Password, quoted, settings);
    }

    internal enum NameKind
    {
        None,
        Secret,
        Password,
    }

    internal static NameKind ClassifyName(ReadOnlySpan<char> name)
    {
        var segments = Segments(name);
        if (segments.Count == 0 || MetadataSuffixes.Contains(segments[^1]))
        {
            return NameKind.None;
        }

        var secret = false;
        var password = false;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (Qualifiers.Contains(segment))
            {
                return NameKind.None;
            }

            if (PasswordWords.Contains(segment))
            {
                password = true;
            }
            else if (SecretWords.Contains(segment))
            {
                secret = true;
            }
        }

        return password ? NameKind.Password : secret ? NameKind.Secret : NameKind.None;
    }

    internal static bool LooksLikeSecretValue(ReadOnlySpan<char> value, bool password, bool quoted, SecretsScannerSettings settings)
    {
        if (value.Length < 8 || value.ContainsAny(" \t") || Placeholders.IsPlaceholder(value, settings.AllowedValues))
        {
            return false;
        }

        if (value.Contains("://", StringComparison.Ordinal) || value.StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        var text = value.ToString();
        if (LooksLikePath(text) || LooksLikeIdentifierPath(text) || ConstantName().IsMatch(text) || WordsName().IsMatch(text)
            || FunctionCall().IsMatch(text) || ((!quoted || value.Length < 16) && CamelWords().IsMatch(text)))
        {
            return false;
        }

        var classes = TextStats.CharacterClasses(value);
        var entropy = TextStats.ShannonEntropy(value);
        if (password)
        {
            return (classes >= 3 && entropy >= 2.5) || (value.Length >= 12 && classes >= 2 && entropy >= 3.0);
        }

        if (value.Length < 12 || !TextStats.HasDigit(value) || classes < 2)
        {
            return false;
        }

        // Hex digests of random bytes top out at 4 bits per character.
        var threshold = Math.Min(settings.GenericEntropyThreshold, Math.Log2(value.Length) - 0.4);
        if (TextStats.IsHex(value))
        {
            threshold = Math.Min(threshold, 3.0);
        }

        return entropy >= threshold;
    }

    /// <summary>A file path (<c>/etc/app/key.pem</c>, <c>C:\keys\app.pfx</c>, <c>./certs/dev</c>), not random text.</summary>
    private static bool LooksLikePath(string value)
    {
        if (value.Contains('\\', StringComparison.Ordinal) && (value.Length > 2 && value[1] == ':' || value.StartsWith("\\\\", StringComparison.Ordinal)))
        {
            return true;
        }

        if (!PathLike().IsMatch(value))
        {
            return false;
        }

        // Random base64 may start with '/': it mixes upper case, lower case and digits; paths rarely do.
        var letters = value.Where(c => c is not ('/' or '.' or '-' or '_' or '~')).ToArray();
        return TextStats.CharacterClasses(letters) <= 2;
    }

    /// <summary><c>config.secret</c>, <c>process.env.API_KEY_2</c>: member access, not a value.</summary>
    private static bool LooksLikeIdentifierPath(string value)
    {
        if (!IdentifierPath().IsMatch(value))
        {
            return false;
        }

        // "SG.<22 random>.<43 random>" is a token that happens to look like member access.
        return !TextStats.HasDigit(value) || value.Split('.', '>', ':').Max(segment => segment.Length) < 16;
    }

    /// <summary>Splits <c>clientSecret</c>, <c>CLIENT_SECRET</c>, <c>client-secret.v2</c> into lower-case words.</summary>
    internal static List<string> Segments(ReadOnlySpan<char> name)
    {
        var segments = new List<string>(4);
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var c = i < name.Length ? name[i] : '_';
            var separator = !char.IsAsciiLetterOrDigit(c);
            var boundary = !separator && start >= 0 && i > start && (
                (char.IsAsciiLetterUpper(c) && char.IsAsciiLetterLower(name[i - 1]))
                || (char.IsAsciiLetterUpper(c) && i + 1 < name.Length && char.IsAsciiLetterLower(name[i + 1])
                    && char.IsAsciiLetterUpper(name[i - 1])));
            if ((separator || boundary) && start >= 0)
            {
                segments.Add(name[start..i].ToString().ToLowerInvariant());
                start = -1;
            }

            if (!separator && start < 0)
            {
                start = i;
            }
        }

        // "api key", "access token": join known pairs so "apikey" and "api_key" read the same.
        for (var i = segments.Count - 2; i >= 0; i--)
        {
            var joined = segments[i] + segments[i + 1];
            if (SecretWords.Contains(joined) && !SecretWords.Contains(segments[i + 1]))
            {
                segments[i] = joined;
                segments.RemoveAt(i + 1);
            }
        }

        return segments;
    }

    private static readonly FrozenSet<string> PasswordWords = FrozenSet.Create(
        StringComparer.Ordinal, "password", "passwd", "pwd", "pass", "passphrase", "passcode", "pw");

    private static readonly FrozenSet<string> SecretWords = FrozenSet.Create(
        StringComparer.Ordinal,
        "secret", "secrets", "token", "apikey", "credential", "credentials", "creds", "auth", "key", "privatekey",
        "secretkey", "accesskey", "apitoken", "authtoken", "accesstoken", "refreshtoken", "clientsecret", "signingkey",
        "encryptionkey", "masterkey", "licensekey", "appkey", "appsecret", "authkey", "sessionkey", "sessionsecret",
        "webhooksecret", "jwtsecret");

    /// <summary>A name ending in one of these describes a secret rather than holding one.</summary>
    private static readonly FrozenSet<string> MetadataSuffixes = FrozenSet.Create(
        StringComparer.Ordinal,
        "id", "ids", "name", "names", "type", "types", "kind", "url", "uri", "urls", "endpoint", "endpoints", "path",
        "paths", "file", "files", "filename", "dir", "directory", "length", "len", "size", "count", "header", "headers",
        "prefix", "suffix", "format", "field", "fields", "label", "env", "var", "variable", "variables", "placeholder",
        "description", "desc", "mode", "version", "alg", "algorithm", "hash", "digest", "checksum", "sha", "expiry",
        "expires", "expiration", "exp", "ttl", "timeout", "lifetime", "hint", "policy", "provider", "store", "vault",
        "ref", "reference", "location", "source", "region", "scope", "scopes", "audience", "issuer", "rotation",
        "enabled", "required", "regex", "regexp", "pattern", "template", "param", "parameter", "arg", "attribute",
        "column", "table", "index", "property", "class", "service", "manager", "helper", "handler", "validator",
        "generator", "factory", "builder", "input", "output", "box", "method", "methods", "flow", "scheme", "schema",
        "status", "state", "result", "response", "request", "error", "errors", "message", "msg", "text", "title",
        "prompt", "button", "form", "component", "view", "page", "route", "server", "host", "domain", "user",
        "username", "email", "login", "cookie", "storage", "strength", "rules", "min", "max", "usage", "config",
        "settings", "options", "file", "mount", "selector", "annotation", "image", "icon", "color", "style");

    /// <summary>A name with one of these words is not a secret (<c>primary_key</c>, <c>next_page_token</c>).</summary>
    private static readonly FrozenSet<string> Qualifiers = FrozenSet.Create(
        StringComparer.Ordinal,
        "public", "publishable", "primary", "foreign", "sort", "partition", "cache", "row", "idempotency", "lookup",
        "map", "registry", "unique", "composite", "translation", "i18n", "locale", "list", "item", "element", "event",
        "press", "down", "up", "hot", "shortcut", "query", "search", "group", "bucket", "node", "entry", "json",
        "property", "attribute", "display", "sequence", "order", "next", "page", "continuation", "cancellation",
        "resume", "sync", "pagination", "csrf", "xsrf", "antiforgery", "dedup", "dedupe", "routing", "shard",
        "object", "s3", "min", "max", "is", "has", "use", "show", "toggle", "forgot", "reset", "verify", "validate",
        "check", "get", "set", "on", "handle");

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]*(?:(?:\.|::|->)[A-Za-z_$][A-Za-z0-9_$]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPath();

    [GeneratedRegex(@"^(?:~|\.{1,2})?/[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*/?$", RegexOptions.CultureInvariant)]
    private static partial Regex PathLike();

    [GeneratedRegex("^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex ConstantName();

    [GeneratedRegex("^[a-z]+(?:[_\\-:][a-z0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex WordsName();

    [GeneratedRegex(@"^[A-Za-z_$][\w$.]*\([^)]*\)$", RegexOptions.CultureInvariant)]
    private static partial Regex FunctionCall();

    [GeneratedRegex("^[a-z]+(?:[A-Z][a-z]+)+[0-9]{0,2}$|^(?:[A-Z][a-z]+){2,}[0-9]{0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CamelWords();
}
