using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fortify.Tests.Emulator;

public sealed partial class PullRequestTests(EmulatorFactory emulator) : IClassFixture<EmulatorFactory>
{
    private static readonly string TwentyLines = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));

    private readonly HttpClient _client = emulator.CreateApiClient();

    [Fact]
    public async Task A_commit_and_a_pull_request_are_served_as_GitHub_serves_them()
    {
        var created = await _client.CreateRepositoryAsync("acme/pr-basics", new() { ["src/app.cs"] = "class App {}\n" });
        var commit = await _client.CommitAsync("acme/pr-basics", "feature", new() { ["src/app.cs"] = "class App { }\n" }, message: "Tidy");
        var opened = await _client.OpenPullRequestAsync("acme/pr-basics", "feature");

        var sha = commit.GetProperty("sha").GetString()!;
        Assert.Equal(new string('0', 40), commit.GetProperty("before").GetString());
        Assert.Equal(1, opened.GetProperty("number").GetInt32());

        var pull = await GetJsonAsync("/api/v3/repos/acme/pr-basics/pulls/1");
        Assert.Equal("open", pull.GetProperty("state").GetString());
        Assert.False(pull.GetProperty("draft").GetBoolean());
        Assert.Equal("feature", pull.GetProperty("head").GetProperty("ref").GetString());
        Assert.Equal(sha, pull.GetProperty("head").GetProperty("sha").GetString());
        Assert.Equal("main", pull.GetProperty("base").GetProperty("ref").GetString());
        Assert.Equal(created.GetProperty("head_sha").GetString(), pull.GetProperty("base").GetProperty("sha").GetString());
        Assert.Equal("acme/pr-basics", pull.GetProperty("head").GetProperty("repo").GetProperty("full_name").GetString());
        Assert.EndsWith("/acme/pr-basics/pull/1", pull.GetProperty("html_url").GetString());

        var gitCommit = await GetJsonAsync($"/api/v3/repos/acme/pr-basics/commits/{sha}");
        Assert.Equal("Tidy", gitCommit.GetProperty("commit").GetProperty("message").GetString());
        Assert.Equal(created.GetProperty("head_sha").GetString(), gitCommit.GetProperty("parents")[0].GetProperty("sha").GetString());
        Assert.Equal("src/app.cs", Assert.Single(gitCommit.GetProperty("files").EnumerateArray()).GetProperty("filename").GetString());

        var branch = await GetJsonAsync("/api/v3/repos/acme/pr-basics/branches/feature");
        Assert.Equal(sha, branch.GetProperty("commit").GetProperty("sha").GetString());

        // Creating it again keeps its history.
        var again = await _client.CreateRepositoryAsync("acme/pr-basics");
        Assert.Equal(created.GetProperty("head_sha").GetString(), again.GetProperty("head_sha").GetString());
        Assert.Equal(created.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Unknown_repositories_refs_and_pull_requests_are_GitHubs_404()
    {
        await _client.CreateRepositoryAsync("acme/pr-missing");
        foreach (var path in (string[])["/api/v3/repos/acme/nothing-here", "/api/v3/repos/acme/pr-missing/pulls/7", "/api/v3/repos/acme/pr-missing/commits/no-such-branch", "/api/v3/repos/acme/pr-missing/branches/nope", $"/api/v3/repos/acme/pr-missing/commits/{new string('a', 40)}"])
        {
            using var response = await _client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("Not Found", (await EmulatorControl.JsonOfAnyStatus(response)).GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task Pull_request_files_list_each_kind_of_change_with_GitHubs_patches_and_paging()
    {
        await _client.CreateRepositoryAsync("acme/pr-files", new()
        {
            ["modified.txt"] = TwentyLines,
            ["deleted.txt"] = "going\n",
            ["old-name.txt"] = "a file that only moves\nand keeps its content\n",
        });
        await _client.CommitAsync("acme/pr-files", "feature", new()
        {
            ["modified.txt"] = TwentyLines.Replace("line 10\n", "line ten\n", StringComparison.Ordinal),
            ["added.txt"] = "one\ntwo\nthree\n",
            ["deleted.txt"] = null,
            ["old-name.txt"] = null,
            ["new-name.txt"] = "a file that only moves\nand keeps its content\n",
        });
        await _client.OpenPullRequestAsync("acme/pr-files", "feature");

        using var firstPage = await _client.GetAsync("/api/v3/repos/acme/pr-files/pulls/1/files?per_page=3");
        var link = firstPage.Headers.GetValues("Link").Single();
        Assert.Contains("page=2>; rel=\"next\"", link, StringComparison.Ordinal);
        Assert.Contains("page=2>; rel=\"last\"", link, StringComparison.Ordinal);
        var secondPage = await GetJsonAsync("/api/v3/repos/acme/pr-files/pulls/1/files?per_page=3&page=2");
        var files = (await EmulatorControl.JsonOf(firstPage)).EnumerateArray().Concat(secondPage.EnumerateArray())
            .ToDictionary(f => f.GetProperty("filename").GetString()!);

        Assert.Equal(["added.txt", "deleted.txt", "modified.txt", "new-name.txt"], files.Keys.Order());
        Assert.Equal("added", files["added.txt"].GetProperty("status").GetString());
        Assert.Equal("@@ -0,0 +1,3 @@\n+one\n+two\n+three", files["added.txt"].GetProperty("patch").GetString());
        Assert.Equal("removed", files["deleted.txt"].GetProperty("status").GetString());
        Assert.Equal(1, files["deleted.txt"].GetProperty("deletions").GetInt32());
        Assert.Equal("renamed", files["new-name.txt"].GetProperty("status").GetString());
        Assert.Equal("old-name.txt", files["new-name.txt"].GetProperty("previous_filename").GetString());

        var modified = files["modified.txt"];
        Assert.Equal("modified", modified.GetProperty("status").GetString());
        Assert.Equal((1, 1, 2), (modified.GetProperty("additions").GetInt32(), modified.GetProperty("deletions").GetInt32(), modified.GetProperty("changes").GetInt32()));
        var patch = modified.GetProperty("patch").GetString()!;
        Assert.StartsWith("@@ -7,7 +7,7 @@", patch, StringComparison.Ordinal);
        Assert.DoesNotContain("+++", patch, StringComparison.Ordinal);
        Assert.Equal([(10, "line ten")], AddedLines(patch));
    }

    [Fact]
    public async Task Pull_request_files_compare_against_the_merge_base_and_binary_files_have_no_patch()
    {
        await _client.CreateRepositoryAsync("acme/pr-merge-base", new() { ["a.txt"] = "a\n" });
        await _client.CommitAsync("acme/pr-merge-base", "feature", new() { ["image.bin"] = "PNG\0\u0001\u0002binary" });
        // Moves on after the branch started: not part of what the pull request changes.
        await _client.CommitAsync("acme/pr-merge-base", "main", new() { ["later-on-main.txt"] = "main moved on\n" });
        await _client.OpenPullRequestAsync("acme/pr-merge-base", "feature");

        var file = Assert.Single((await GetJsonAsync("/api/v3/repos/acme/pr-merge-base/pulls/1/files")).EnumerateArray());
        Assert.Equal("image.bin", file.GetProperty("filename").GetString());
        Assert.False(file.TryGetProperty("patch", out _));
    }

    [Fact]
    public async Task Compare_reports_ahead_behind_diverged_and_identical()
    {
        await _client.CreateRepositoryAsync("acme/compare", new() { ["a.txt"] = "a\n" });
        var branched = await _client.CommitAsync("acme/compare", "feature", new() { ["b.txt"] = "b\n" });
        await _client.CommitAsync("acme/compare", "feature", new() { ["c.txt"] = "c\n" });

        var ahead = await GetJsonAsync("/api/v3/repos/acme/compare/compare/main...feature");
        Assert.Equal(("ahead", 2, 0, 2), Summary(ahead));
        Assert.Equal(2, ahead.GetProperty("commits").GetArrayLength());
        Assert.Equal(new string('0', 40), branched.GetProperty("before").GetString());
        Assert.Equal(["b.txt", "c.txt"], ahead.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("filename").GetString()!).Order());

        Assert.Equal(("behind", 0, 2, 0), Summary(await GetJsonAsync("/api/v3/repos/acme/compare/compare/feature...main")));
        Assert.Equal(("identical", 0, 0, 0), Summary(await GetJsonAsync("/api/v3/repos/acme/compare/compare/feature...feature")));

        var mainTip = await _client.CommitAsync("acme/compare", "main", new() { ["d.txt"] = "d\n" });
        var diverged = await GetJsonAsync("/api/v3/repos/acme/compare/compare/main...feature");
        Assert.Equal(("diverged", 2, 1, 2), Summary(diverged));
        Assert.Equal(mainTip.GetProperty("before").GetString(), diverged.GetProperty("merge_base_commit").GetProperty("sha").GetString());

        static (string?, int, int, int) Summary(JsonElement c) => (
            c.GetProperty("status").GetString(), c.GetProperty("ahead_by").GetInt32(), c.GetProperty("behind_by").GetInt32(), c.GetProperty("total_commits").GetInt32());
    }

    /// <summary>The new-file line number of each added line, read from the hunk headers as a client would.</summary>
    private static List<(int Line, string Text)> AddedLines(string patch)
    {
        var added = new List<(int, string)>();
        var next = 0;
        foreach (var line in patch.Split('\n'))
        {
            if (HunkHeader().Match(line) is { Success: true } header)
            {
                next = int.Parse(header.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith('+'))
            {
                added.Add((next++, line[1..]));
            }
            else if (!line.StartsWith('-'))
            {
                next++;
            }
        }

        return added;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        return await EmulatorControl.JsonOf(response);
    }

    [GeneratedRegex(@"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")]
    private static partial Regex HunkHeader();
}
