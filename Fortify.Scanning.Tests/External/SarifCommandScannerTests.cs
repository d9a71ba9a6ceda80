using Fortify.Scanning.External;

namespace Fortify.Scanning.Tests.External;

public sealed class SarifCommandScannerTests : IDisposable
{
    private const string AppPy = "import os\nassert user.is_admin\npassword = os.environ['X']\nprint('done')\n";

    private readonly FakeSarifTool _tool = new();
    private readonly TempDirectory _source = new();

    public SarifCommandScannerTests()
    {
        _source.Write("src/app.py", AppPy);
        _source.Write("my docs/notes.md", "# Notes\n");
        _source.Write("src/other.py", "x = 1\n");
        _tool.Template = """
            {
              "version": "2.1.0",
              "runs": [{
                "tool": { "driver": { "name": "fake-sast", "rules": [
                  { "id": "B101", "name": "assert-used" },
                  { "id": "B105", "name": "hardcoded-password-string", "properties": { "security-severity": "9.1", "tags": ["security", "credentials"] } }
                ] } },
                "results": [
                  { "ruleId": "B105", "message": { "text": "Possible hard-coded password." },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "file://__SOURCE__/src/app.py" }, "region": { "startLine": 3, "startColumn": 1, "endColumn": 9 } } }] },
                  { "ruleId": "B101", "level": "error", "message": { "text": "Use of assert." },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "src/app.py" }, "region": { "startLine": 2, "startColumn": 1, "endColumn": 7 } } }] },
                  { "ruleId": "N1", "level": "note", "message": { "text": "A note." },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "my%20docs/notes.md" }, "region": { "startLine": 1 } } }] },
                  { "ruleId": "N2", "level": "warning", "message": { "text": "Elsewhere." },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "file:///etc/passwd" }, "region": { "startLine": 1 } } }] },
                  { "ruleId": "N3", "level": "warning", "message": { "text": "Climbing out." },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "../outside.txt" }, "region": { "startLine": 1 } } }] }
                ]
              }]
            }
            """;
    }

    public void Dispose()
    {
        _tool.Dispose();
        _source.Dispose();
    }

    [Fact]
    public async Task Maps_sarif_results_to_findings_relative_to_the_scan_root()
    {
        var scanner = new SarifCommandScanner(_tool.Options("sarif"));

        var findings = await scanner.ScanAsync(new ScanInput(_source.Path), CancellationToken.None);

        Assert.Equal("fake-sast", scanner.Name);
        Assert.Equal(
            [("my docs/notes.md", 1, "N1", Severity.Low), ("src/app.py", 2, "B101", Severity.High), ("src/app.py", 3, "B105", Severity.Critical)],
            findings.Select(f => (f.Path, f.Line, f.RuleId, f.Severity)));
        Assert.All(findings, f => Assert.Equal("fake-sast", f.Scanner));
        var lines = AppPy.Split('\n');
        Assert.Equal(Fingerprints.Compute("B101", "src/app.py", lines[1]), findings[1].Fingerprint);
        Assert.Equal(Fingerprints.Compute("B105", "src/app.py", lines[2]), findings[2].Fingerprint);
        Assert.Equal("hardcoded-password-string", findings[2].RuleName);
        Assert.Equal(FindingCategories.Secret, FindingCategories.Of(findings[2]));

        // The placeholders became the real paths, each one argument (no shell, spaces and all).
        var arguments = _tool.Arguments;
        Assert.Equal(_source.Path, arguments[0]);
        Assert.EndsWith("results.sarif", arguments[1], StringComparison.Ordinal);
        Assert.False(File.Exists(arguments[1]), "The work folder is removed after the scan.");
    }

    [Fact]
    public async Task Keeps_only_added_lines_of_files_that_have_an_entry()
    {
        var scanner = new SarifCommandScanner(_tool.Options("sarif"));
        var input = new ScanInput(_source.Path, addedLines: new Dictionary<string, IReadOnlySet<int>> { ["src/app.py"] = new HashSet<int> { 3 } });

        var findings = await scanner.ScanAsync(input, CancellationToken.None);

        Assert.Equal([("my docs/notes.md", 1), ("src/app.py", 3)], findings.Select(f => (f.Path, f.Line)));
    }

    [Fact]
    public async Task Gives_the_tool_only_the_chosen_paths()
    {
        var scanner = new SarifCommandScanner(_tool.Options("sarif"));
        var input = new ScanInput(_source.Path, paths: ["src\\app.py", "missing.txt", "../escape.txt"]);

        var findings = await scanner.ScanAsync(input, CancellationToken.None);

        Assert.Equal(["src/app.py"], _tool.FilesSeen);
        Assert.NotEqual(_source.Path, _tool.Arguments[0]);
        Assert.Equal([2, 3], findings.Select(f => f.Line));
        Assert.All(findings, f => Assert.Equal("src/app.py", f.Path));
        Assert.Equal(Fingerprints.Compute("B101", "src/app.py", AppPy.Split('\n')[1]), findings[0].Fingerprint);
    }

    [Fact]
    public async Task Reads_sarif_from_standard_output_when_there_is_no_output_placeholder()
    {
        var scanner = new SarifCommandScanner(_tool.Options("stdout", output: false));

        var findings = await scanner.ScanAsync(new ScanInput(_source.Path), CancellationToken.None);

        Assert.Equal(3, findings.Count);
    }

    [Fact]
    public async Task Accepts_the_tools_findings_found_exit_code()
    {
        var scanner = new SarifCommandScanner(_tool.Options("findings-exit-1", success: [0, 1]));

        Assert.Equal(3, (await scanner.ScanAsync(new ScanInput(_source.Path), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_failing_tool_reports_its_exit_code_and_standard_error()
    {
        var scanner = new SarifCommandScanner(_tool.Options("fail"));

        var error = await Assert.ThrowsAsync<ExternalScannerException>(() => scanner.ScanAsync(new ScanInput(_source.Path), CancellationToken.None));

        Assert.Equal(3, error.ExitCode);
        Assert.Equal("fake-sast", error.ScannerName);
        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("fake-sast: cannot parse rules file rules.yml", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3: unexpected token", error.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage", "not a SARIF 2.1.0 log")]
    [InlineData("silent", "wrote no SARIF output")]
    public async Task Unusable_output_is_an_error(string mode, string reason)
    {
        var scanner = new SarifCommandScanner(_tool.Options(mode));

        var error = await Assert.ThrowsAsync<ExternalScannerException>(() => scanner.ScanAsync(new ScanInput(_source.Path), CancellationToken.None));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_executable_is_an_error()
    {
        var scanner = new SarifCommandScanner(_tool.Options("sarif") with { Command = "/nonexistent/fake-sast" });

        var error = await Assert.ThrowsAsync<ExternalScannerException>(() => scanner.ScanAsync(new ScanInput(_source.Path), CancellationToken.None));

        Assert.Contains("could not start '/nonexistent/fake-sast'", error.Message, StringComparison.Ordinal);
        Assert.Null(error.ExitCode);
    }

    [Fact]
    public async Task A_hanging_tool_is_killed_with_its_children_on_timeout()
    {
        var scanner = new SarifCommandScanner(_tool.Options("hang", timeout: TimeSpan.FromSeconds(1)));

        var error = await Assert.ThrowsAsync<ExternalScannerException>(() => scanner.ScanAsync(new ScanInput(_source.Path), CancellationToken.None));

        Assert.Contains("timed out after 1 s and was killed", error.Message, StringComparison.Ordinal);
        Assert.Null(error.ExitCode);
        await AssertGoneAsync(_tool.Pid("parent"), _tool.Pid("child"));
    }

    [Fact]
    public async Task Cancellation_kills_the_tool_and_its_children()
    {
        var scanner = new SarifCommandScanner(_tool.Options("hang"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scanner.ScanAsync(new ScanInput(_source.Path), cancel.Token));

        await AssertGoneAsync(_tool.Pid("parent"), _tool.Pid("child"));
    }

    private static async Task AssertGoneAsync(params int[] pids)
    {
        // The kill is synchronous, but an orphaned child is reaped by whichever process adopts it.
        for (var i = 0; i < 50 && pids.Any(FakeSarifTool.IsRunning); i++)
        {
            await Task.Delay(100);
        }

        Assert.All(pids, pid => Assert.False(FakeSarifTool.IsRunning(pid), $"process {pid} still runs"));
    }
}
