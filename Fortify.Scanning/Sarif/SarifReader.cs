using System.Globalization;
using System.Text.Json;
using Fortify.Scanning.Secrets;

namespace Fortify.Scanning.Sarif;

/// <summary>
/// Reads SARIF 2.1.0 logs of any tool (Fortify's own, DevSkim, CodeQL, Semgrep...) into findings. Severity comes
/// from Fortify's property, else GitHub's <c>security-severity</c>, else DevSkim's <c>DevSkimSeverity</c>, else the
/// level. The fingerprint is Fortify's <c>fortify/v1</c> when present, else computed from the file's line when the
/// source is available, else from the snippet.
/// </summary>
public static class SarifReader
{
    /// <summary>Reads a SARIF log from a UTF-8 stream.</summary>
    /// <param name="utf8Json">The log.</param>
    /// <param name="sourceRoot">The checked-out source, to read lines for fingerprints and previews; optional.</param>
    public static IReadOnlyList<Finding> Read(Stream utf8Json, string? sourceRoot = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var document = JsonDocument.Parse(utf8Json, DocumentOptions);
        return Read(document, sourceRoot);
    }

    /// <summary>Reads a SARIF log from a UTF-8 stream asynchronously.</summary>
    public static async Task<IReadOnlyList<Finding>> ReadAsync(Stream utf8Json, string? sourceRoot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var document = await JsonDocument.ParseAsync(utf8Json, DocumentOptions, ct);
        return Read(document, sourceRoot);
    }

    /// <summary>Reads a SARIF log from a string.</summary>
    public static IReadOnlyList<Finding> Read(string json, string? sourceRoot = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json, DocumentOptions);
        return Read(document, sourceRoot);
    }

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    private static List<Finding> Read(JsonDocument document, string? sourceRoot)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("A SARIF log is a JSON object.");
        }

        var version = String(root, "version");
        if (version is not null && version != SarifWriter.SarifVersion)
        {
            throw new InvalidDataException($"SARIF version '{version}' is not supported; only {SarifWriter.SarifVersion} is.");
        }

        var sources = new SourceCache(sourceRoot is null ? null : Path.GetFullPath(sourceRoot));
        var findings = new List<Finding>();
        if (root.TryGetProperty("runs", out var runs) && runs.ValueKind == JsonValueKind.Array)
        {
            foreach (var run in runs.EnumerateArray())
            {
                ReadRun(run, sources, findings);
            }
        }

        return findings;
    }

    private static void ReadRun(JsonElement run, SourceCache sources, List<Finding> findings)
    {
        var driver = Object(Object(run, "tool"), "driver");
        var scanner = String(driver, "name") ?? "unknown";
        var rules = new List<JsonElement>();
        var rulesById = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (driver is { } d && d.TryGetProperty("rules", out var ruleArray) && ruleArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var rule in ruleArray.EnumerateArray())
            {
                rules.Add(rule);
                if (String(rule, "id") is { } id)
                {
                    rulesById.TryAdd(id, rule);
                }
            }
        }

        var artifacts = Array(run, "artifacts");
        var baseIds = Object(run, "originalUriBaseIds");
        if (!run.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var result in results.EnumerateArray())
        {
            if (Skipped(result))
            {
                continue;
            }

            JsonElement? rule = null;
            var ruleIndex = Int(result, "ruleIndex") ?? Int(Object(result, "rule"), "index");
            if (ruleIndex is >= 0 && ruleIndex < rules.Count)
            {
                rule = rules[ruleIndex.Value];
            }

            var ruleId = String(result, "ruleId") ?? String(Object(result, "rule"), "id") ?? (rule is { } r ? String(r, "id") : null) ?? "unknown";
            if (rule is null && rulesById.TryGetValue(ruleId, out var byId))
            {
                rule = byId;
            }

            findings.Add(ReadResult(result, rule, ruleId, scanner, artifacts, baseIds, sources));
        }
    }

    private static Finding ReadResult(
        JsonElement result,
        JsonElement? rule,
        string ruleId,
        string scanner,
        JsonElement? artifacts,
        JsonElement? baseIds,
        SourceCache sources)
    {
        var properties = Object(result, "properties");
        var ruleProperties = rule is { } r ? Object(r, "properties") : null;
        var ruleName = String(properties, SarifProperties.RuleName)
            ?? (rule is { } r1 ? String(r1, "name") ?? Text(Object(r1, "shortDescription")) : null)
            ?? ruleId;

        var severity = ReadSeverity(result, rule, properties, ruleProperties);
        var message = ReadMessage(result, rule) ?? ruleName;

        // Location.
        var physical = Object(Element(Array(result, "locations"), 0), "physicalLocation");
        var artifact = Object(physical, "artifactLocation");
        var region = Object(physical, "region");
        var path = ReadPath(artifact, artifacts, baseIds, sources.Root);
        var line = Math.Max(1, Int(region, "startLine") ?? 1);
        var column = Math.Max(1, Int(region, "startColumn") ?? 1);
        var endLine = Int(region, "endLine") ?? line;
        var endColumn = endLine == line ? Int(region, "endColumn") ?? column : column;
        // DevSkim's --skip-excerpts leaves an empty snippet: no snippet at all.
        var snippet = Text(Object(region, "snippet")) is { Length: > 0 } text ? text : null;
        var sourceLine = sources.Line(path, line);

        // Category and the secret.
        var secretHash = String(properties, SarifProperties.SecretHash);
        var fortify = String(Object(result, "partialFingerprints"), SarifWriter.FingerprintKey);
        var ours = fortify is not null || secretHash is not null;
        var category = String(properties, SarifProperties.Category)
            // The rule's name says more than its tags: DevSkim files "private key material" under Cryptography.
            ?? (ours ? null : FindingCategories.Infer(ruleName, Tags(properties), Tags(ruleProperties), ruleId));
        string? preview = snippet;
        if (!ours && category == FindingCategories.Secret)
        {
            // Other tools put the matched secret in the snippet: keep only a masked line and the hash.
            var region0 = column - 1;
            var regionLength = endColumn - column;
            if (sourceLine is not null && region0 >= 0 && regionLength > 0 && region0 + regionLength <= sourceLine.Length)
            {
                var secret = sourceLine.AsSpan(region0, regionLength);
                secretHash = Fingerprints.Sha256Hex(secret);
                preview = Truncate(string.Concat(sourceLine.AsSpan(0, region0), Redaction.Redact(secret), sourceLine.AsSpan(region0 + regionLength)).Trim());
            }
            else
            {
                preview = snippet is null ? null : Redaction.Redact(snippet);
            }
        }
        else if (!ours && preview is null && sourceLine is not null && category != FindingCategories.Secret)
        {
            preview = Truncate(sourceLine.Trim());
        }

        var fingerprint = fortify
            ?? (sourceLine is not null ? Fingerprints.Compute(ruleId, path, sourceLine)
                : snippet is not null ? Fingerprints.Compute(ruleId, path, snippet)
                : Fingerprints.Compute(ruleId, path, message));

        return new Finding(ruleId, ruleName, severity, path, line, column, endColumn, message, preview, secretHash, fingerprint, scanner)
        {
            Category = category,
        };
    }

    /// <summary>Results that do not report a problem: passes, not-applicable, and accepted suppressions.</summary>
    private static bool Skipped(JsonElement result)
    {
        var kind = String(result, "kind");
        if (kind is "pass" or "notApplicable")
        {
            return true;
        }

        if (result.TryGetProperty("suppressions", out var suppressions) && suppressions.ValueKind == JsonValueKind.Array)
        {
            foreach (var suppression in suppressions.EnumerateArray())
            {
                var status = String(suppression, "status");
                if (status is null or "accepted")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static Severity ReadSeverity(JsonElement result, JsonElement? rule, JsonElement? properties, JsonElement? ruleProperties)
    {
        if (String(properties, SarifProperties.Severity) is { } named && Enum.TryParse<Severity>(named, ignoreCase: true, out var parsed))
        {
            return parsed;
        }

        if ((Number(properties, "security-severity") ?? Number(ruleProperties, "security-severity")) is { } score)
        {
            return score switch
            {
                >= 9.0 => Severity.Critical,
                >= 7.0 => Severity.High,
                >= 4.0 => Severity.Medium,
                > 0.0 => Severity.Low,
                _ => Severity.Note,
            };
        }

        var devSkim = String(properties, "DevSkimSeverity") ?? String(ruleProperties, "DevSkimSeverity");
        if (devSkim is not null)
        {
            var mapped = devSkim.ToUpperInvariant() switch
            {
                "CRITICAL" => Severity.Critical,
                "IMPORTANT" => Severity.High,
                "MODERATE" => Severity.Medium,
                "BESTPRACTICE" => Severity.Low,
                "MANUALREVIEW" => Severity.Note,
                _ => (Severity?)null,
            };
            if (mapped is { } value)
            {
                return value;
            }
        }

        var level = String(result, "level")
            ?? (rule is { } r ? String(Object(r, "defaultConfiguration"), "level") : null)
            ?? "warning";
        return level switch
        {
            "error" => Severity.High,
            "warning" => Severity.Medium,
            "note" => Severity.Low,
            _ => Severity.Note,
        };
    }

    private static string? ReadMessage(JsonElement result, JsonElement? rule)
    {
        var message = Object(result, "message");
        var text = Text(message);
        if (text is null && String(message, "id") is { } id && rule is { } r)
        {
            text = Text(Object(Object(r, "messageStrings"), id));
        }

        if (text is not null && Array(message, "arguments") is { } arguments)
        {
            var index = 0;
            foreach (var argument in arguments.EnumerateArray())
            {
                text = text.Replace("{" + index.ToString(CultureInfo.InvariantCulture) + "}", argument.ToString(), StringComparison.Ordinal);
                index++;
            }
        }

        return text ?? (rule is { } r2 ? Text(Object(r2, "shortDescription")) ?? Text(Object(r2, "fullDescription")) : null);
    }

    private static string ReadPath(JsonElement? artifact, JsonElement? artifacts, JsonElement? baseIds, string? sourceRoot)
    {
        var uri = String(artifact, "uri");
        if (uri is null && Int(artifact, "index") is { } index)
        {
            uri = String(Object(Element(artifacts, index), "location"), "uri");
        }

        if (string.IsNullOrEmpty(uri))
        {
            return "";
        }

        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.IsFile)
        {
            var local = absolute.LocalPath;
            foreach (var root in Roots(sourceRoot, baseIds))
            {
                var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
                if (local.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return PathNames.Relative(root, local);
                }
            }

            return local.Replace('\\', '/');
        }

        return PathNames.Normalize(Uri.UnescapeDataString(uri));
    }

    private static IEnumerable<string> Roots(string? sourceRoot, JsonElement? baseIds)
    {
        if (sourceRoot is not null)
        {
            yield return sourceRoot;
        }

        if (baseIds is { ValueKind: JsonValueKind.Object } ids)
        {
            foreach (var property in ids.EnumerateObject())
            {
                if (String(property.Value, "uri") is { } baseUri && Uri.TryCreate(baseUri, UriKind.Absolute, out var parsed) && parsed.IsFile)
                {
                    yield return parsed.LocalPath.TrimEnd('/', '\\');
                }
            }
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");

    private static string? Tags(JsonElement? properties)
    {
        var tags = Array(properties, "tags");
        return tags is null ? null : string.Join(' ', tags.Value.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()));
    }

    // ---- Tolerant JSON access: SARIF from other tools omits much. --------------------------------------------------

    private static JsonElement? Object(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static JsonElement? Array(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value : null;

    private static JsonElement? Element(JsonElement? array, int index) =>
        array is { ValueKind: JsonValueKind.Array } a && index >= 0 && index < a.GetArrayLength() ? a[index] : null;

    private static string? String(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static double? Number(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e || !e.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    private static string? Text(JsonElement? message) => String(message, "text");

    /// <summary>Source lines, read once per file; only files inside the root.</summary>
    private sealed class SourceCache(string? root)
    {
        private readonly Dictionary<string, string[]?> _files = new(StringComparer.Ordinal);

        public string? Root { get; } = root;

        public string? Line(string path, int line)
        {
            if (Root is null || path.Length == 0)
            {
                return null;
            }

            if (!_files.TryGetValue(path, out var lines))
            {
                var full = PathNames.ResolveUnder(Root, path);
                lines = full is not null && File.Exists(full) ? ReadLines(full) : null;
                _files[path] = lines;
            }

            return lines is not null && line >= 1 && line <= lines.Length ? lines[line - 1] : null;
        }

        private static string[]? ReadLines(string full)
        {
            try
            {
                return File.ReadAllLines(full);
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
