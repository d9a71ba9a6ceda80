using System.Text.Json.Nodes;
using Fortify.GitHubEmulator.Diffs;
using Fortify.GitHubEmulator.Git;
using Fortify.GitHubEmulator.Repositories;

namespace Fortify.GitHubEmulator.Pulls;

/// <summary>GitHub's pull request object, with the branches' current SHAs and the diff's counts.</summary>
internal sealed class PullRequestJson(GitCommands git, GitDiff diff)
{
    public async Task<JsonObject> RenderAsync(PullRequest pull, EmulatedRepository repository, GitHubUrls urls)
    {
        var headSha = await git.BranchShaAsync(repository.GitDirectory, pull.Head) ?? pull.HeadSha;
        var baseSha = await git.BranchShaAsync(repository.GitDirectory, pull.Base) ?? pull.BaseSha;
        var mergeBase = await git.MergeBaseAsync(repository.GitDirectory, baseSha, headSha) ?? baseSha;
        var files = await diff.ChangesAsync(repository.GitDirectory, mergeBase, headSha);
        var commits = await git.CountAsync(repository.GitDirectory, baseSha, headSha);

        var api = urls.Repository(repository.FullName);
        var url = $"{api}/pulls/{pull.Number}";
        var html = $"{urls.Html}/{repository.FullName}/pull/{pull.Number}";
        return new JsonObject
        {
            ["url"] = url,
            ["id"] = pull.Id,
            ["node_id"] = $"PR_{pull.Id}",
            ["html_url"] = html,
            ["diff_url"] = $"{html}.diff",
            ["patch_url"] = $"{html}.patch",
            ["issue_url"] = $"{api}/issues/{pull.Number}",
            ["commits_url"] = $"{url}/commits",
            ["review_comments_url"] = $"{url}/comments",
            ["review_comment_url"] = $"{api}/pulls/comments{{/number}}",
            ["comments_url"] = $"{api}/issues/{pull.Number}/comments",
            ["statuses_url"] = $"{api}/statuses/{headSha}",
            ["number"] = pull.Number,
            ["state"] = pull.State,
            ["locked"] = false,
            ["title"] = pull.Title,
            ["user"] = GitHubJson.User(pull.User, urls),
            ["body"] = null,
            ["labels"] = new JsonArray(),
            ["created_at"] = GitHubJson.Timestamp(pull.CreatedAt),
            ["updated_at"] = GitHubJson.Timestamp(pull.UpdatedAt),
            ["closed_at"] = null,
            ["merged_at"] = null,
            ["merge_commit_sha"] = null,
            ["assignees"] = new JsonArray(),
            ["requested_reviewers"] = new JsonArray(),
            ["requested_teams"] = new JsonArray(),
            ["head"] = Branch(repository, pull.Head, headSha, urls),
            ["base"] = Branch(repository, pull.Base, baseSha, urls),
            ["_links"] = new JsonObject
            {
                ["self"] = Href(url),
                ["html"] = Href(html),
                ["issue"] = Href($"{api}/issues/{pull.Number}"),
                ["comments"] = Href($"{api}/issues/{pull.Number}/comments"),
                ["review_comments"] = Href($"{url}/comments"),
                ["review_comment"] = Href($"{api}/pulls/comments{{/number}}"),
                ["commits"] = Href($"{url}/commits"),
                ["statuses"] = Href($"{api}/statuses/{headSha}"),
            },
            ["author_association"] = "OWNER",
            ["draft"] = pull.Draft,
            ["merged"] = false,
            ["mergeable"] = null,
            ["mergeable_state"] = "unknown",
            ["comments"] = 0,
            ["review_comments"] = 0,
            ["maintainer_can_modify"] = false,
            ["commits"] = commits,
            ["additions"] = files.Sum(f => f.Additions),
            ["deletions"] = files.Sum(f => f.Deletions),
            ["changed_files"] = files.Count,
        };
    }

    private static JsonObject Href(string href) => new() { ["href"] = href };

    private static JsonObject Branch(EmulatedRepository repository, string branch, string sha, GitHubUrls urls) => new()
    {
        ["label"] = $"{repository.Owner}:{branch}",
        ["ref"] = branch,
        ["sha"] = sha,
        ["user"] = GitHubJson.User(repository.Owner, urls, "Organization"),
        ["repo"] = GitHubJson.Repository(repository, urls),
    };
}
