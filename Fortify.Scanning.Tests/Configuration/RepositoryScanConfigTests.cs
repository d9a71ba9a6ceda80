using Fortify.Scanning.Configuration;

namespace Fortify.Scanning.Tests.Configuration;

public sealed class RepositoryScanConfigTests
{
    private static RepositoryScanConfig Valid(string yaml)
    {
        var result = RepositoryScanConfig.Parse(yaml);
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Config;
    }

    private static ConfigError Invalid(string yaml)
    {
        var result = RepositoryScanConfig.Parse(yaml);
        Assert.False(result.Succeeded);
        return result.Error;
    }

    [Fact]
    public void Reads_every_key()
    {
        var config = Valid("""
            # Fortify settings
            ignore_paths:
              - docs/**
              - "**/*.min.js"
              - /vendor/
            disabled_rules: [FS016, aws-access-key-id, DS126858]
            severity_threshold: medium
            fail_on: Critical
            full_scan: true
            """);

        Assert.Equal(["docs/**", "**/*.min.js", "/vendor/"], config.IgnorePaths);
        Assert.Equal(["FS016", "aws-access-key-id", "DS126858"], config.DisabledRules);
        Assert.Equal(Severity.Medium, config.SeverityThreshold);
        Assert.Equal(Severity.Critical, config.FailOn);
        Assert.True(config.FullScan);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("ignore_paths:\nfail_on: ~\n")]
    public void An_empty_file_or_empty_values_give_the_defaults(string yaml)
    {
        var config = Valid(yaml);

        Assert.Empty(config.IgnorePaths);
        Assert.Empty(config.DisabledRules);
        Assert.Equal(Severity.Note, config.SeverityThreshold);
        Assert.Equal(Severity.High, config.FailOn);
        Assert.False(config.FullScan);
    }

    [Theory]
    [InlineData("fail_on: high\nignore_path:\n  - docs/**\n", 2, 1, "unknown key 'ignore_path'")]
    [InlineData("severity_threshold: severe\n", 1, 21, "'severity_threshold' is 'severe'; it must be one of note, low, medium, high, critical")]
    [InlineData("fail_on: 3\n", 1, 10, "'fail_on' is '3'")]
    [InlineData("fail_on: [high]\n", 1, 10, "'fail_on' is a list")]
    [InlineData("full_scan: yes\n", 1, 12, "'full_scan' must be true or false")]
    [InlineData("full_scan: \"true\"\n", 1, 12, "'full_scan' must be true or false")]
    [InlineData("ignore_paths: docs/**\n", 1, 15, "'ignore_paths' must be a list of strings")]
    [InlineData("disabled_rules:\n  - FS001\n  - { id: FS002 }\n", 3, 5, "every item of 'disabled_rules' must be a non-empty string")]
    [InlineData("ignore_paths:\n  - 'docs\\**'\n", 2, 5, "uses back slashes")]
    [InlineData("fail_on: high\nfail_on: low\n", 2, 1, "the YAML is malformed: Duplicate key")]
    [InlineData("- a\n- b\n", 1, 1, "must be a mapping")]
    [InlineData("fail_on: high\n  bad: [\n", 2, 6, "the YAML is malformed")]
    public void Errors_name_the_line_and_column(string yaml, long line, long column, string reason)
    {
        var error = Invalid(yaml);

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($".fortify.yml line {line}, column {column}: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docs/guide/index.md", true)]
    [InlineData("web/app.min.js", true)]
    [InlineData("app.min.js", true)]
    [InlineData("vendor/lib/x.cs", true)]
    [InlineData("tests\\fixtures\\keys.json", true)]
    [InlineData("./tests/fixtures/keys.json", true)]
    [InlineData("tests/fixtures/deeper/keys.json", false)]
    [InlineData("src/docs/readme.md", false)]
    [InlineData("Docs/readme.md", false)]
    [InlineData("web/app.js", false)]
    public void Ignores_paths_by_glob(string path, bool ignored)
    {
        var config = Valid("ignore_paths: ['docs/**', '**/*.min.js', '/vendor/', 'tests/fixtures/*.json']");

        Assert.Equal(ignored, config.IsIgnored(path));
    }

    [Fact]
    public void Disables_rules_by_id_or_name_whatever_the_case()
    {
        var config = Valid("disabled_rules: [fs016, AWS-ACCESS-KEY-ID, DS126858]");

        Assert.True(config.IsDisabled("FS016", "generic-secret"));
        Assert.True(config.IsDisabled("FS002", "aws-access-key-id"));
        Assert.True(config.IsDisabled("DS126858", "WeakbrokenHashAlgorithm"));
        Assert.False(config.IsDisabled("FS001", "github-token"));
        Assert.False(config.IsDisabled("FS002"));
    }

    [Fact]
    public void Apply_keeps_reported_findings_and_fail_on_decides_the_check()
    {
        var config = Valid("""
            ignore_paths: [docs/**]
            disabled_rules: [generic-secret]
            severity_threshold: low
            fail_on: critical
            """);
        var note = Make("FS900", "n", Severity.Note, "src/a.cs");
        var ignored = Make("FS001", "github-token", Severity.Critical, "docs/setup.md");
        var disabled = Make("FS016", "generic-secret", Severity.Critical, "src/a.cs");
        var high = Make("FS002", "aws-access-key-id", Severity.High, "src/a.cs");
        var critical = Make("FS001", "github-token", Severity.Critical, "src/b.cs");

        Assert.Equal([high, critical], config.Apply([note, ignored, disabled, high, critical]));
        Assert.True(config.Fails([note, high, critical]));
        Assert.False(config.Fails([note, ignored, disabled, high]));
        Assert.True(RepositoryScanConfig.Default.Fails([high]));
        Assert.Equal([note, high], RepositoryScanConfig.Default.Apply([note, high]));
    }

    private static Finding Make(string ruleId, string ruleName, Severity severity, string path) =>
        new(ruleId, ruleName, severity, path, 1, 1, 2, "m", null, null, Fingerprints.Compute(ruleId, path, "x"), "fortify-secrets");
}
