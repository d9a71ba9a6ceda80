using System.Text;
using System.Text.Json;

namespace Fortify.Scanning.Sarif;

/// <summary>
/// Writes findings as a SARIF 2.1.0 log: one run per scanner (tool.driver.name and its rules), one result per finding
/// with rule id, level, message, location (relative URI under <c>%SRCROOT%</c>, start line, start and end column),
/// snippet (the redacted preview) and the <c>fortify/v1</c> partial fingerprint. Severity, category and secret hash
/// travel in the result's property bag, so <see cref="SarifReader"/> reads back exactly what was written.
/// </summary>
public static class SarifWriter
{
    /// <summary>The SARIF 2.1.0 JSON schema.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The SARIF version written.</summary>
    public const string SarifVersion = "2.1.0";

    /// <summary>The key of Fortify's fingerprint in <c>partialFingerprints</c>.</summary>
    public const string FingerprintKey = "fortify/v1";

    /// <summary>The URI base id that relative artifact URIs are resolved against.</summary>
    public const string SourceRootBaseId = "%SRCROOT%";

    /// <summary>Writes the log to <paramref name="utf8Json"/>.</summary>
    /// <param name="utf8Json">The destination; left open.</param>
    /// <param name="findings">Findings of one or more scanners.</param>
    /// <param name="scanners">
    /// Scanners that ran: each gets a run even without findings (so consumers can close fixed alerts), with its full
    /// rule list when it is an <see cref="IRuleCatalog"/>.
    /// </param>
    public static void Write(Stream utf8Json, IEnumerable<Finding> findings, IEnumerable<IScanner>? scanners = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(findings);
        using var writer = new Utf8JsonWriter(utf8Json, new JsonWriterOptions { Indented = true });
        WriteLog(writer, findings, scanners);
    }

    /// <summary>Writes the log to <paramref name="utf8Json"/> asynchronously.</summary>
    public static async Task WriteAsync(Stream utf8Json, IEnumerable<Finding> findings, IEnumerable<IScanner>? scanners, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(findings);
        await using var writer = new Utf8JsonWriter(utf8Json, new JsonWriterOptions { Indented = true });
        WriteLog(writer, findings, scanners);
        await writer.FlushAsync(ct);
    }

    /// <summary>The log as a string.</summary>
    public static string WriteToString(IEnumerable<Finding> findings, IEnumerable<IScanner>? scanners = null)
    {
        using var stream = new MemoryStream();
        Write(stream, findings, scanners);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>SARIF level of a severity: Critical and High are <c>error</c>, Medium <c>warning</c>, the rest <c>note</c>.</summary>
    public static string LevelOf(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>GitHub's <c>security-severity</c> score (0.0 to 10.0) of a severity.</summary>
    public static string SecuritySeverityOf(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "0.0",
    };

    private static void WriteLog(Utf8JsonWriter writer, IEnumerable<Finding> findings, IEnumerable<IScanner>? scanners)
    {
        // Runs in order: the scanners given, then any other scanner named by a finding.
        var runs = new List<RunData>();
        var byName = new Dictionary<string, RunData>(StringComparer.Ordinal);
        foreach (var scanner in scanners ?? [])
        {
            if (!byName.ContainsKey(scanner.Name))
            {
                var run = new RunData(scanner.Name);
                foreach (var rule in (scanner as IRuleCatalog)?.Rules ?? [])
                {
                    run.AddRule(rule);
                }

                byName[scanner.Name] = run;
                runs.Add(run);
            }
        }

        foreach (var finding in findings)
        {
            if (!byName.TryGetValue(finding.Scanner, out var run))
            {
                run = new RunData(finding.Scanner);
                byName[finding.Scanner] = run;
                runs.Add(run);
            }

            run.Add(finding);
        }

        writer.WriteStartObject();
        writer.WriteString("$schema", SchemaUri);
        writer.WriteString("version", SarifVersion);
        writer.WriteStartArray("runs");
        foreach (var run in runs)
        {
            WriteRun(writer, run);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter writer, RunData run)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", run.Name);
        writer.WriteStartArray("rules");
        foreach (var rule in run.Rules)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule.Id);
            writer.WriteString("name", rule.Name);
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", rule.Description);
            writer.WriteEndObject();
            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", LevelOf(rule.DefaultSeverity));
            writer.WriteEndObject();
            writer.WriteStartObject("properties");
            writer.WriteStartArray("tags");
            writer.WriteStringValue("security");
            writer.WriteStringValue(rule.Category);
            writer.WriteEndArray();
            writer.WriteString("security-severity", SecuritySeverityOf(rule.DefaultSeverity));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject("originalUriBaseIds");
        writer.WriteStartObject(SourceRootBaseId);
        writer.WriteStartObject("description");
        writer.WriteString("text", "The root of the scanned repository.");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteString("columnKind", "utf16CodeUnits");

        writer.WriteStartArray("results");
        foreach (var finding in run.Findings)
        {
            WriteResult(writer, finding, run.RuleIndex[finding.RuleId]);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter writer, Finding finding, int ruleIndex)
    {
        writer.WriteStartObject();
        writer.WriteString("ruleId", finding.RuleId);
        writer.WriteNumber("ruleIndex", ruleIndex);
        writer.WriteString("level", LevelOf(finding.Severity));
        writer.WriteStartObject("message");
        writer.WriteString("text", finding.Message);
        writer.WriteEndObject();

        writer.WriteStartArray("locations");
        writer.WriteStartObject();
        writer.WriteStartObject("physicalLocation");
        writer.WriteStartObject("artifactLocation");
        writer.WriteString("uri", ToUri(finding.Path));
        writer.WriteString("uriBaseId", SourceRootBaseId);
        writer.WriteEndObject();
        writer.WriteStartObject("region");
        writer.WriteNumber("startLine", Math.Max(1, finding.Line));
        writer.WriteNumber("startColumn", Math.Max(1, finding.Column));
        if (finding.EndColumn > finding.Column)
        {
            writer.WriteNumber("endColumn", finding.EndColumn);
        }

        if (finding.Preview is not null)
        {
            writer.WriteStartObject("snippet");
            writer.WriteString("text", finding.Preview);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();

        writer.WriteStartObject("partialFingerprints");
        writer.WriteString(FingerprintKey, finding.Fingerprint);
        writer.WriteEndObject();

        writer.WriteStartObject("properties");
        writer.WriteString(SarifProperties.Severity, finding.Severity.ToString());
        writer.WriteString("security-severity", SecuritySeverityOf(finding.Severity));
        writer.WriteString(SarifProperties.RuleName, finding.RuleName);
        if (finding.Category is not null)
        {
            writer.WriteString(SarifProperties.Category, finding.Category);
        }

        if (finding.SecretHash is not null)
        {
            writer.WriteString(SarifProperties.SecretHash, finding.SecretHash);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A relative path as a URI reference: each segment percent-encoded, joined with '/'.</summary>
    internal static string ToUri(string path) =>
        string.Join('/', PathNames.Normalize(path).Split('/').Select(Uri.EscapeDataString));

    private sealed class RunData(string name)
    {
        public string Name { get; } = name;

        public List<RuleDescriptor> Rules { get; } = [];

        public Dictionary<string, int> RuleIndex { get; } = new(StringComparer.Ordinal);

        public List<Finding> Findings { get; } = [];

        public void AddRule(RuleDescriptor rule)
        {
            if (RuleIndex.TryAdd(rule.Id, Rules.Count))
            {
                Rules.Add(rule);
            }
        }

        public void Add(Finding finding)
        {
            if (!RuleIndex.ContainsKey(finding.RuleId))
            {
                AddRule(new RuleDescriptor(
                    finding.RuleId,
                    finding.RuleName,
                    finding.RuleName,
                    finding.Severity,
                    FindingCategories.Of(finding)));
            }

            Findings.Add(finding);
        }
    }
}

/// <summary>Property-bag keys Fortify writes on SARIF results.</summary>
public static class SarifProperties
{
    /// <summary>The finding's <see cref="Scanning.Severity"/> name.</summary>
    public const string Severity = "fortify/severity";

    /// <summary>The finding's rule name (kept even when a consumer drops the rules array).</summary>
    public const string RuleName = "fortify/ruleName";

    /// <summary>The finding's category.</summary>
    public const string Category = "fortify/category";

    /// <summary>SHA-256 hex of the secret.</summary>
    public const string SecretHash = "fortify/secretHash";
}
