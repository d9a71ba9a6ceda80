using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Fortify.Tests.Infrastructure;
using static Fortify.Tests.Scanning.ScanScenarios;

namespace Fortify.Tests.Scanning;

/// <summary>
/// End to end through the emulator: a pull request is opened on a real git repository, the emulator delivers the
/// signed webhook to the proxy, a worker fetches the tarball and scans, and the check run on GitHub says how it went.
/// </summary>
[Collection(FortifyStackCollection.Name)]
public sealed class PullRequestScanTests(FortifyStack stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_pull_request_adding_an_aws_key_and_an_md5_call_fails_with_annotations_on_exactly_those_lines()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = NewRepositoryName("leak");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var key = PlantedAwsKey();
        var head = await github.CommitAsync(repository, "add-settings", new Dictionary<string, string?>
        {
            ["config/settings.py"] = $"DEBUG = False\nREGION = \"eu-west-1\"\nAWS_ACCESS_KEY_ID = \"{key}\"\nTIMEOUT = 30\n",
            ["src/Hasher.cs"] = "using System.Security.Cryptography;\n\npublic static class Hasher\n{\n    public static byte[] Digest(byte[] data) => MD5.HashData(data);\n}\n",
        });

        await github.OpenPullRequestAsync(repository, "add-settings");
        var run = await CompletedCheckRunAsync(github, repository, head);

        Assert.Equal("failure", (string?)run["conclusion"]);
        var annotations = await github.AnnotationsAsync(repository, (long)run["id"]!);
        var places = annotations.Select(a => ((string)a!["path"]!, (int)a["start_line"]!)).Distinct().Order().ToList();
        Assert.Equal([("config/settings.py", 3), ("src/Hasher.cs", 5)], places);
        Assert.DoesNotContain(key, annotations.ToJsonString(), StringComparison.Ordinal);

        var findings = await FindingsAsync(repository);
        Assert.DoesNotContain(key, findings.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(findings["findings"]!.AsArray(), f => (string?)f!["path"] == "config/settings.py" && (string?)f["secret_hash"] is { Length: 64 });
        using var sarif = await stack.CreateAgentApi().SendAsync(HttpMethod.Get, $"/api/jobs/{(string)findings["job_id"]!}/sarif");
        Assert.Equal("application/sarif+json", sarif.Content.Headers.ContentType?.MediaType);
        var log = JsonNode.Parse(await sarif.Content.ReadAsStringAsync())!;
        Assert.Equal("2.1.0", (string?)log["version"]);
        Assert.Equal(2, log["runs"]!.AsArray().Sum(run => run!["results"]!.AsArray().Count));
        Assert.DoesNotContain(key, log.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sixty_findings_reach_the_check_run_fifty_annotations_per_request()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = NewRepositoryName("many");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var keys = string.Join('\n', Enumerable.Range(0, 60).Select(i => $"KEY_{i} = \"{PlantedAwsKey()}\""));
        var head = await github.CommitAsync(repository, "keys", new Dictionary<string, string?> { ["keys.py"] = keys + "\n" });

        await github.OpenPullRequestAsync(repository, "keys");
        var run = await CompletedCheckRunAsync(github, repository, head);

        Assert.Equal("failure", (string?)run["conclusion"]);
        var lines = (await github.AnnotationsAsync(repository, (long)run["id"]!)).Select(a => (int)a!["start_line"]!).Distinct().Order().ToList();
        Assert.Equal(Enumerable.Range(1, 60).ToList(), lines);
    }

    [Fact]
    public async Task An_invalid_fortify_yml_fails_the_check_with_the_parse_error()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = NewRepositoryName("config");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var head = await github.CommitAsync(repository, "config", new Dictionary<string, string?> { [".fortify.yml"] = "fail_on: high\nignore_path: [docs/**]\n" });

        await github.OpenPullRequestAsync(repository, "config");
        var run = await CompletedCheckRunAsync(github, repository, head);

        Assert.Equal("failure", (string?)run["conclusion"]);
        Assert.Equal("Invalid .fortify.yml", (string?)run["output"]!["title"]);
        Assert.Contains("ignore_path", (string?)run["output"]!["summary"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_run_github_refuses_at_first_is_reported_later_and_the_scan_outcome_stands()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = NewRepositoryName("outage");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var head = await github.CommitAsync(repository, "docs", new Dictionary<string, string?> { ["docs/a.md"] = "# A\n" });
        // GitHub refuses the first check-run writes; reporting retries on its own schedule.
        await stack.CreateEmulatorApi().AddFaultAsync($"/api/v3/repos/{repository}/check-runs", status: 422, times: 3);

        await github.OpenPullRequestAsync(repository, "docs");
        var job = await JobOfAsync(repository, j => (string?)j["status"] == "completed");
        var run = await CompletedCheckRunAsync(github, repository, head);

        Assert.Equal("success", (string?)run["conclusion"]);
        Assert.Equal("completed", (string?)(await stack.CreateAgentApi().JobAsync(Guid.Parse((string)job["job_id"]!)))!["status"]);
    }

    [Fact]
    public async Task A_clean_pull_request_succeeds()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = NewRepositoryName("clean");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var head = await github.CommitAsync(repository, "docs", new Dictionary<string, string?>
        {
            ["docs/usage.md"] = "# Usage\n\nRun `make` and read the output.\n",
            ["src/Greeter.cs"] = "public static class Greeter\n{\n    public static string Greet(string name) => $\"Hello, {name}\";\n}\n",
        });

        await github.OpenPullRequestAsync(repository, "docs");
        var run = await CompletedCheckRunAsync(github, repository, head);

        Assert.Equal("success", (string?)run["conclusion"]);
        Assert.Empty(await github.AnnotationsAsync(repository, (long)run["id"]!));
    }

    [Fact]
    public async Task A_secret_already_on_the_base_branch_and_untouched_by_the_pull_request_is_not_reported()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = NewRepositoryName("inherited");
        var oldKey = PlantedAwsKey();
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string>
        {
            ["config/settings.py"] = $"AWS_ACCESS_KEY_ID = \"{oldKey}\"\nTIMEOUT = 30\n",
        });
        var head = await github.CommitAsync(repository, "timeout", new Dictionary<string, string?>
        {
            ["config/settings.py"] = $"AWS_ACCESS_KEY_ID = \"{oldKey}\"\nTIMEOUT = 60\nRETRIES = 3\n",
        });

        await github.OpenPullRequestAsync(repository, "timeout");
        var run = await CompletedCheckRunAsync(github, repository, head);

        Assert.Equal("success", (string?)run["conclusion"]);
        Assert.Empty((await FindingsAsync(repository))["findings"]!.AsArray());
    }

    [Fact]
    public async Task A_hostile_tarball_fails_the_job_without_writing_outside_its_folder()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = NewRepositoryName("hostile");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var head = await github.CommitAsync(repository, "evil", new Dictionary<string, string?> { ["a.txt"] = "a\n" });
        var escapeName = $"escaped-{Guid.NewGuid():N}.txt";
        await github.ServeTarballAsync(repository, head, HostileTarball($"repo-{head[..7]}", $"../../../{escapeName}"));

        await github.OpenPullRequestAsync(repository, "evil");
        var job = await JobOfAsync(repository, j => (string?)j["status"] == "failed");

        Assert.Contains("..", (string?)job["last_error"], StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(stack.ScanWorkRoot.FullName, escapeName, SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), escapeName)));
        var jobs = Path.Combine(stack.ScanWorkRoot.FullName, "jobs");
        Assert.True(!Directory.Exists(jobs) || !Directory.EnumerateFileSystemEntries(jobs).Any(), "A job folder was left behind.");
    }

    private async Task<JsonNode> CompletedCheckRunAsync(EmulatedGitHub github, string repository, string sha)
    {
        var runs = await ScanAgentApi.EventuallyAsync(
            () => github.CheckRunsAsync(repository, sha),
            runs => runs.Any(r => (string?)r!["name"] == "Fortify" && (string?)r["status"] == "completed"),
            Patience);
        var fortify = runs.Where(r => (string?)r!["name"] == "Fortify").ToList();
        Assert.True(fortify.Count == 1, $"Expected one Fortify check run on {sha}: {runs.ToJsonString()}");
        Assert.Equal("completed", (string?)fortify[0]!["status"]);
        return fortify[0]!;
    }

    private async Task<JsonNode> JobOfAsync(string repository, Func<JsonNode, bool> ready)
    {
        var agent = stack.CreateAgentApi();
        var items = await ScanAgentApi.EventuallyAsync(
            async () => (await agent.GetAsync($"/api/jobs?repository={repository}"))!["items"]!.AsArray(),
            items => items.Any(j => ready(j!)),
            Patience);
        return items.Single(j => ready(j!))!;
    }

    private async Task<JsonNode> FindingsAsync(string repository)
    {
        var job = await JobOfAsync(repository, j => (string?)j["status"] == "completed");
        return (await stack.CreateAgentApi().GetAsync($"/api/jobs/{(string)job["job_id"]!}/findings"))!;
    }

    /// <summary>GitHub's tarball layout, with one entry that climbs out of the extraction folder.</summary>
    private static byte[] HostileTarball(string topFolder, string escapingPath)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, text) in new[] { ($"{topFolder}/README.md", "# Service\n"), ($"{topFolder}/{escapingPath}", "escaped\n") })
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) };
                tar.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }
}
