using System.Text.Json.Nodes;
using Fortify.GitHubEmulator.Git;
using Fortify.GitHubEmulator.Repositories;

namespace Fortify.GitHubEmulator.Webhooks;

/// <summary>The commit of a push with the paths it touched, as push payloads list them (renames as remove plus add).</summary>
internal sealed record PushedCommit(GitCommit Commit, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Modified);

/// <summary>Webhook payloads in GitHub's shape; <see cref="WebhookSender"/> adds the installation.</summary>
internal static class WebhookPayloads
{
    public static JsonObject Push(
        EmulatedRepository repository, GitHubUrls urls, string branch, string before, string after, IReadOnlyList<PushedCommit> commits)
    {
        var created = before == GitCommands.ZeroSha;
        var html = $"{urls.Html}/{repository.FullName}";
        return new JsonObject
        {
            ["ref"] = $"refs/heads/{branch}",
            ["before"] = before,
            ["after"] = after,
            ["repository"] = GitHubJson.Repository(repository, urls),
            ["pusher"] = new JsonObject { ["name"] = repository.Owner, ["email"] = "octocat@github.com" },
            ["sender"] = GitHubJson.User(repository.Owner, urls),
            ["created"] = created,
            ["deleted"] = false,
            ["forced"] = false,
            ["base_ref"] = null,
            ["compare"] = created ? $"{html}/commit/{after[..12]}" : $"{html}/compare/{before[..12]}...{after[..12]}",
            ["commits"] = new JsonArray([.. commits.Select(c => (JsonNode)Commit(c, html))]),
            ["head_commit"] = commits.Count == 0 ? null : Commit(commits[^1], html),
        };
    }

    public static JsonObject PullRequest(string action, JsonObject pullRequest, EmulatedRepository repository, GitHubUrls urls, string? before = null, string? after = null)
    {
        var payload = new JsonObject
        {
            ["action"] = action,
            ["number"] = pullRequest["number"]!.GetValue<int>(),
        };
        if (before is not null && after is not null)
        {
            payload["before"] = before;
            payload["after"] = after;
        }

        payload["pull_request"] = pullRequest;
        payload["repository"] = GitHubJson.Repository(repository, urls);
        payload["sender"] = GitHubJson.User(repository.Owner, urls);
        return payload;
    }

    private static JsonObject Commit(PushedCommit pushed, string html)
    {
        var commit = pushed.Commit;
        return new JsonObject
        {
            ["id"] = commit.Sha,
            ["tree_id"] = commit.Tree,
            ["distinct"] = true,
            ["message"] = commit.Message,
            ["timestamp"] = commit.Committer.Date.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            ["url"] = $"{html}/commit/{commit.Sha}",
            ["author"] = new JsonObject { ["name"] = commit.Author.Name, ["email"] = commit.Author.Email, ["username"] = "octocat" },
            ["committer"] = new JsonObject { ["name"] = commit.Committer.Name, ["email"] = commit.Committer.Email, ["username"] = "web-flow" },
            ["added"] = new JsonArray([.. pushed.Added.Select(p => (JsonNode)p)]),
            ["removed"] = new JsonArray([.. pushed.Removed.Select(p => (JsonNode)p)]),
            ["modified"] = new JsonArray([.. pushed.Modified.Select(p => (JsonNode)p)]),
        };
    }
}
