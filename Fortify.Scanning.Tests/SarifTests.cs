using System.Text;
using System.Text.Json;
using Fortify.Scanning.Sarif;
using Fortify.Scanning.Secrets;

namespace Fortify.Scanning.Tests;

public sealed class SarifTests
{
    private static readonly SecretsScanner Scanner = new();

    private static List<Finding> SampleFindings()
    {
        var text = Fake.Expand(
            "GITHUB_TOKEN=ghp_{alnum:36}\nDATABASE_URL=postgres://app:{alnum:18}@db:5432/app\n\nconst jwt = \"{jwt}\";\n");
        var findings = Scanner.ScanText("src/my app/config.env", text).ToList();
        findings.Add(new Finding("DS126858", "Weak/Broken Hash Algorithm", Severity.High, "src/Crypto.cs", 12, 9, 17,
            "A weak or broken hash algorithm was detected.", "var h = MD5.Create();", null,
            Fingerprints.Compute("DS126858", "src/Crypto.cs", "var h = MD5.Create();"), "DevSkim")
        {
            Category = "weak-crypto",
        });
        findings.Add(new Finding("N1", "note-rule", Severity.Note, "README.md", 1, 1, 1, "Just a note.", null, null,
            Fingerprints.Compute("N1", "README.md", "# Title"), "DevSkim"));
        return findings;
    }

    [Fact]
    public void Writes_a_valid_sarif_2_1_0_log()
    {
        var findings = SampleFindings();

        var json = SarifWriter.WriteToString(findings, [Scanner]);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", root.GetProperty("$schema").GetString());
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal("fortify-secrets", runs[0].GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        Assert.Equal("DevSkim", runs[1].GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());

        // Every rule of a catalogue is listed, and each result points at its rule.
        var rules = runs[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(Scanner.Rules.Count, rules.Count);
        foreach (var run in runs)
        {
            var runRules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                var index = result.GetProperty("ruleIndex").GetInt32();
                Assert.Equal(runRules[index].GetProperty("id").GetString(), result.GetProperty("ruleId").GetString());
                Assert.Contains(result.GetProperty("level").GetString(), new[] { "error", "warning", "note" });
                Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
                var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                Assert.False(string.IsNullOrEmpty(location.GetProperty("artifactLocation").GetProperty("uri").GetString()));
                Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
                Assert.True(location.GetProperty("region").GetProperty("startColumn").GetInt32() >= 1);
                Assert.Matches("^[0-9a-f]{64}$", result.GetProperty("partialFingerprints").GetProperty("fortify/v1").GetString()!);
            }
        }

        var first = runs[0].GetProperty("results")[0];
        Assert.Equal("FS001", first.GetProperty("ruleId").GetString());
        Assert.Equal("error", first.GetProperty("level").GetString());
        Assert.Equal("src/my%20app/config.env", first.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());

        // The secret itself never reaches the log.
        var token = Fake.Expand("ghp_{alnum:36}");
        Assert.DoesNotContain(token, json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Severity.Critical, "error")]
    [InlineData(Severity.High, "error")]
    [InlineData(Severity.Medium, "warning")]
    [InlineData(Severity.Low, "note")]
    [InlineData(Severity.Note, "note")]
    public void Maps_severity_to_level(Severity severity, string level)
    {
        Assert.Equal(level, SarifWriter.LevelOf(severity));
    }

    [Fact]
    public void Round_trip_gives_back_the_same_findings()
    {
        var findings = SampleFindings();

        using var stream = new MemoryStream();
        SarifWriter.Write(stream, findings, [Scanner]);
        stream.Position = 0;
        var read = SarifReader.Read(stream);

        Assert.Equal(findings, read);
    }

    [Fact]
    public async Task Round_trip_works_asynchronously_and_with_the_source_at_hand()
    {
        using var temp = new TempDirectory();
        var text = Fake.Expand("a = 1\nstripe.api_key = \"sk_live_{alnum:30}\"\n");
        temp.Write("pay/stripe.py", text);
        var findings = await Scanner.ScanAsync(new ScanInput(temp.Path), CancellationToken.None);

        using var stream = new MemoryStream();
        await SarifWriter.WriteAsync(stream, findings, [Scanner], CancellationToken.None);
        stream.Position = 0;
        var read = await SarifReader.ReadAsync(stream, temp.Path, CancellationToken.None);

        Assert.Equal(findings, read);
    }

    [Fact]
    public void Reads_devskim_output_and_computes_fingerprints_from_the_source()
    {
        using var temp = new TempDirectory();
        var secret = Fake.Expand("{alnum:24}");
        temp.Write("src/Crypto.cs", "using System;\n\n    var hash = MD5.Create();\n    var password = \"" + secret + "\";\n");
        var sarif = $$"""
        {
          "$schema": "https://schemastore.azurewebsites.net/schemas/json/sarif-2.1.0-rtm.5.json",
          "version": "2.1.0",
          "runs": [{
            "tool": { "driver": {
              "name": "Microsoft.DevSkim.CLI",
              "rules": [
                { "id": "DS126858", "name": "WeakBrokenHashAlgorithm", "shortDescription": { "text": "Weak/Broken Hash Algorithm" },
                  "defaultConfiguration": { "enabled": true, "level": "error" },
                  "properties": { "precision": "high", "problem.severity": "error", "DevSkimSeverity": "Important", "DevSkimConfidence": "High" } },
                { "id": "DS173237", "name": "DoNotUseHardcodedPasswords", "shortDescription": { "text": "Hardcoded password" },
                  "properties": { "DevSkimSeverity": "Critical", "tags": ["Secrets.Credentials"] } }
              ] } },
            "results": [
              { "ruleId": "DS126858", "level": "error", "message": { "text": "Weak/Broken Hash Algorithm" },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "src/Crypto.cs" },
                  "region": { "startLine": 3, "startColumn": 16, "endLine": 3, "endColumn": 19, "snippet": { "text": "MD5" } } } }],
                "properties": { "DevSkimSeverity": "Important", "DevSkimConfidence": "High", "tags": ["Cryptography.HashAlgorithm.Legacy"] } },
              { "ruleId": "DS173237", "ruleIndex": 1, "level": "error", "message": { "text": "Hardcoded password" },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "file://{{temp.Path}}/src/Crypto.cs" },
                  "region": { "startLine": 4, "startColumn": 21, "endColumn": {{21 + secret.Length}}, "snippet": { "text": "{{secret}}" } } } }] },
              { "ruleId": "DS000001", "kind": "pass", "message": { "text": "passed" } },
              { "ruleId": "DS126858", "message": { "text": "suppressed" }, "suppressions": [{ "kind": "inSource" }] }
            ]
          }]
        }
        """;

        var findings = SarifReader.Read(sarif, temp.Path);

        Assert.Equal(2, findings.Count);
        var weakHash = findings[0];
        Assert.Equal("DS126858", weakHash.RuleId);
        Assert.Equal("WeakBrokenHashAlgorithm", weakHash.RuleName);
        Assert.Equal(Severity.High, weakHash.Severity);
        Assert.Equal("src/Crypto.cs", weakHash.Path);
        Assert.Equal((3, 16, 19), (weakHash.Line, weakHash.Column, weakHash.EndColumn));
        Assert.Equal("Microsoft.DevSkim.CLI", weakHash.Scanner);
        Assert.Equal(Fingerprints.Compute("DS126858", "src/Crypto.cs", "var hash = MD5.Create();"), weakHash.Fingerprint);
        Assert.Null(weakHash.SecretHash);

        var password = findings[1];
        Assert.Equal(Severity.Critical, password.Severity);
        Assert.Equal("src/Crypto.cs", password.Path);
        Assert.Equal(FindingCategories.Secret, FindingCategories.Of(password));
        Assert.Equal(Fingerprints.Sha256Hex(secret), password.SecretHash);
        Assert.DoesNotContain(secret, password.Preview!, StringComparison.Ordinal);
        Assert.StartsWith("var password = \"", password.Preview, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_minimal_sarif_from_other_tools()
    {
        const string sarif = """
        {
          "version": "2.1.0",
          "runs": [{
            "tool": { "driver": { "name": "semgrep", "rules": [
              { "id": "python.sql-injection", "properties": { "security-severity": "7.5" }, "messageStrings": { "default": { "text": "Query built from {0}." } } },
              { "id": "style.nit", "defaultConfiguration": { "level": "note" } }
            ] } },
            "artifacts": [{ "location": { "uri": "app/db%20layer.py" } }],
            "results": [
              { "ruleId": "python.sql-injection", "message": { "id": "default", "arguments": ["user input"] },
                "locations": [{ "physicalLocation": { "artifactLocation": { "index": 0 }, "region": { "startLine": 7 } } }] },
              { "ruleId": "style.nit", "message": { "text": "Nit." }, "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "./app/x.py" } } }] },
              { "ruleId": "unknown.rule", "level": "warning", "message": { "text": "Something." } }
            ]
          }]
        }
        """;

        var findings = SarifReader.Read(sarif);

        Assert.Equal(3, findings.Count);
        Assert.Equal((Severity.High, "app/db layer.py", 7, 1), (findings[0].Severity, findings[0].Path, findings[0].Line, findings[0].Column));
        Assert.Equal("Query built from user input.", findings[0].Message);
        Assert.Equal("sql-injection", FindingCategories.Of(findings[0]));
        Assert.Equal((Severity.Low, "app/x.py"), (findings[1].Severity, findings[1].Path));
        Assert.Equal(Severity.Medium, findings[2].Severity);
        Assert.All(findings, f => Assert.Matches("^[0-9a-f]{64}$", f.Fingerprint));
    }

    [Fact]
    public void Rejects_other_sarif_versions()
    {
        Assert.Throws<InvalidDataException>(() => SarifReader.Read("""{ "version": "1.0.0", "runs": [] }"""));
    }

    [Fact]
    public void An_empty_scan_still_writes_a_run_per_scanner()
    {
        var json = SarifWriter.WriteToString([], [Scanner]);
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));

        var run = Assert.Single(document.RootElement.GetProperty("runs").EnumerateArray());
        Assert.Equal(0, run.GetProperty("results").GetArrayLength());
        Assert.Empty(SarifReader.Read(json));
    }
}
