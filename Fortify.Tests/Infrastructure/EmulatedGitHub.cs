using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Fortify.Tests.Infrastructure;

/// <summary>The emulator's git-backed repositories, and GitHub's own read endpoints for what Fortify reported.</summary>
public sealed class EmulatedGitHub(HttpClient emulator)
{
    public async Task<string> CreateRepositoryAsync(string fullName, IReadOnlyDictionary<string, string> files)
    {
        using var response = await emulator.PostAsJsonAsync("/_emulator/repositories", new { full_name = fullName, default_branch = "main", @private = false, files });
        return (string)(await ReadAsync(response))["head_sha"]!;
    }

    /// <summary>Commits on <paramref name="branch"/> (made from main when new) without delivering a webhook.</summary>
    public async Task<string> CommitAsync(string fullName, string branch, IReadOnlyDictionary<string, string?> files, bool deliver = false)
    {
        using var response = await emulator.PostAsJsonAsync($"/_emulator/repositories/{fullName}/commits",
            new { branch, from = "main", message = $"Change {branch}", files, deliver });
        return (string)(await ReadAsync(response))["sha"]!;
    }

    /// <summary>Opens a pull request; the emulator delivers <c>pull_request</c> <c>opened</c> to the proxy, signed.</summary>
    public async Task<int> OpenPullRequestAsync(string fullName, string head)
    {
        using var response = await emulator.PostAsJsonAsync($"/_emulator/repositories/{fullName}/pulls", new { head, @base = "main", title = $"Add {head}" });
        return (int)(await ReadAsync(response))["number"]!;
    }

    public async Task ServeTarballAsync(string fullName, string sha, byte[] gzip)
    {
        using var content = new ByteArrayContent(gzip);
        content.Headers.ContentType = new("application/gzip");
        using var response = await emulator.PutAsync($"/_emulator/repositories/{fullName}/tarballs/{sha}", content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The check runs on a commit, read back through GitHub's own endpoint.</summary>
    public async Task<JsonArray> CheckRunsAsync(string fullName, string sha) =>
        (JsonNode.Parse(await emulator.GetStringAsync($"/api/v3/repos/{fullName}/commits/{sha}/check-runs"))!["check_runs"]!).AsArray();

    /// <summary>Every status on a commit, newest first, read back through GitHub's own endpoint.</summary>
    public async Task<JsonArray> StatusesAsync(string fullName, string sha) =>
        JsonNode.Parse(await emulator.GetStringAsync($"/api/v3/repos/{fullName}/commits/{sha}/statuses?per_page=100"))!.AsArray();

    /// <summary>GitHub's combined status: the latest status of each context decides its <c>state</c>.</summary>
    public async Task<JsonNode> CombinedStatusAsync(string fullName, string sha) =>
        JsonNode.Parse(await emulator.GetStringAsync($"/api/v3/repos/{fullName}/commits/{sha}/status"))!;

    public async Task<JsonArray> AnnotationsAsync(string fullName, long checkRunId) =>
        JsonNode.Parse(await emulator.GetStringAsync($"/api/v3/repos/{fullName}/check-runs/{checkRunId}/annotations?per_page=100"))!.AsArray();

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} from the emulator: {body}");
        return JsonNode.Parse(body)!;
    }
}
