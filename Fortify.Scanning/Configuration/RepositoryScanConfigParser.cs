using System.Collections.Frozen;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fortify.Scanning.Configuration;

/// <summary>
/// Reads <c>.fortify.yml</c> through YamlDotNet's node model rather than a deserializer, so every error can point at
/// the line and column of the offending key or value.
/// </summary>
internal static class RepositoryScanConfigParser
{
    private const string IgnorePaths = "ignore_paths";
    private const string DisabledRules = "disabled_rules";
    private const string SeverityThreshold = "severity_threshold";
    private const string FailOn = "fail_on";
    private const string FullScan = "full_scan";

    private static readonly string[] Keys = [IgnorePaths, DisabledRules, SeverityThreshold, FailOn, FullScan];

    private static readonly FrozenDictionary<string, Severity> Severities = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase)
    {
        ["note"] = Severity.Note,
        ["low"] = Severity.Low,
        ["medium"] = Severity.Medium,
        ["high"] = Severity.High,
        ["critical"] = Severity.Critical,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static ConfigParseResult Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            var reason = ex.InnerException?.Message ?? ex.Message;
            return Fail(ex.Start, $"the YAML is malformed: {StripPosition(reason)}");
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            return ConfigParseResult.Success(RepositoryScanConfig.Default);
        }

        if (stream.Documents.Count > 1)
        {
            return Fail(stream.Documents[1].RootNode.Start, "only one YAML document is allowed");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return Fail(stream.Documents[0].RootNode.Start, "the file must be a mapping of settings (key: value)");
        }

        try
        {
            return ConfigParseResult.Success(Read(root));
        }
        catch (InvalidConfigException ex)
        {
            return Fail(ex.At, ex.Message);
        }
    }

    // YamlDotNet itself refuses duplicate keys while loading.
    private static RepositoryScanConfig Read(YamlMappingNode root)
    {
        var defaults = RepositoryScanConfig.Default;
        var (ignorePaths, disabledRules) = (defaults.IgnorePaths, defaults.DisabledRules);
        var (severityThreshold, failOn, fullScan) = (defaults.SeverityThreshold, defaults.FailOn, defaults.FullScan);
        foreach (var (keyNode, value) in root.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw new InvalidConfigException(keyNode.Start, "keys must be plain names");
            }

            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                throw new InvalidConfigException(keyNode.Start, $"unknown key '{key}'; the keys are {string.Join(", ", Keys)}");
            }

            if (IsNull(value))
            {
                continue;
            }

            switch (key)
            {
                case IgnorePaths:
                    ignorePaths = Globs(value);
                    break;
                case DisabledRules:
                    disabledRules = Strings(key, value);
                    break;
                case SeverityThreshold:
                    severityThreshold = SeverityOf(key, value);
                    break;
                case FailOn:
                    failOn = SeverityOf(key, value);
                    break;
                default:
                    fullScan = Boolean(key, value);
                    break;
            }
        }

        return new RepositoryScanConfig
        {
            IgnorePaths = ignorePaths,
            DisabledRules = disabledRules,
            SeverityThreshold = severityThreshold,
            FailOn = failOn,
            FullScan = fullScan,
        };
    }

    private static List<string> Globs(YamlNode node)
    {
        var globs = Strings(IgnorePaths, node);
        foreach (var (glob, item) in globs.Zip(((YamlSequenceNode)node).Children))
        {
            if (glob.Contains('\\', StringComparison.Ordinal))
            {
                throw new InvalidConfigException(item.Start, $"'{glob}' in '{IgnorePaths}' uses back slashes; paths use forward slashes");
            }
        }

        return globs;
    }

    private static List<string> Strings(string key, YamlNode node)
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw new InvalidConfigException(node.Start, $"'{key}' must be a list of strings");
        }

        var values = new List<string>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlScalarNode { Value: { } text } scalar || IsNull(scalar) || string.IsNullOrWhiteSpace(text))
            {
                throw new InvalidConfigException(item.Start, $"every item of '{key}' must be a non-empty string");
            }

            values.Add(text.Trim());
        }

        return values;
    }

    private static Severity SeverityOf(string key, YamlNode node)
    {
        if (node is YamlScalarNode { Value: { } text } && Severities.TryGetValue(text.Trim(), out var severity))
        {
            return severity;
        }

        var shown = node is YamlScalarNode { Value: { } value } ? $"'{value}'" : "a " + NodeKind(node);
        throw new InvalidConfigException(node.Start, $"'{key}' is {shown}; it must be one of note, low, medium, high, critical");
    }

    private static bool Boolean(string key, YamlNode node)
    {
        // Quoted "true" is a string in YAML; only the plain words are booleans.
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } && bool.TryParse(text, out var value))
        {
            return value;
        }

        throw new InvalidConfigException(node.Start, $"'{key}' must be true or false");
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string NodeKind(YamlNode node) => node switch
    {
        YamlSequenceNode => "list",
        YamlMappingNode => "mapping",
        _ => "value",
    };

    private static string StripPosition(string message)
    {
        // YamlDotNet prefixes "(Line: 2, Col: 3, Idx: 10) - (Line: ...): "; the position is given separately.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }

    private static ConfigParseResult Fail(Mark at, string reason) =>
        ConfigParseResult.Failure(new ConfigError(
            $"{RepositoryScanConfig.FileName} line {at.Line}, column {at.Column}: {reason}.",
            at.Line,
            at.Column));

    private sealed class InvalidConfigException(Mark at, string message) : Exception(message)
    {
        public Mark At { get; } = at;
    }
}
