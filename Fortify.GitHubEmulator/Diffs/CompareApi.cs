using System.Text.Json.Nodes;
using Fortify.GitHubEmulator.Git;
using Fortify.GitHubEmulator.Repositories;
using Microsoft.Extensions.Options;

namespace Fortify.GitHubEmulator.Diffs;

/// <summary><c>GET /repos/{owner}/{repo}/compare/{base}...{head}</c>: like GitHub, the files are the diff from the merge base.</summary>
internal static class CompareApi
{
    /// <summary>GitHub lists at most this many commits in a comparison.</summary>
    private const int MaxCommits = 250;

    public static RouteGroupBuilder MapCompareApi(this RouteGroupBuilder repos)
    {
        repos.MapGet("/{owner}/{repo}/compare/{basehead}", async (
            string owner, string repo, string basehead, EmulatedRepositories repositories, HttpContext http,
            GitCommands git, GitDiff diff, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found
                || basehead.Split("...") is not [var baseRef, var headRef]
                || await git.ResolveCommitAsync(found.GitDirectory, baseRef) is not { } baseSha
                || await git.ResolveCommitAsync(found.GitDirectory, headRef) is not { } headSha
                || await git.MergeBaseAsync(found.GitDirectory, baseSha, headSha) is not { } mergeBaseSha
                || await git.ReadCommitAsync(found.GitDirectory, mergeBaseSha) is not { } mergeBase)
            {
                return GitHubErrors.NotFound();
            }

            var ahead = await git.CountAsync(found.GitDirectory, baseSha, headSha);
            var behind = await git.CountAsync(found.GitDirectory, headSha, baseSha);
            var commits = await git.LogAsync(found.GitDirectory, baseSha, headSha, MaxCommits);
            var files = await diff.ChangesAsync(found.GitDirectory, mergeBaseSha, headSha);
            var urls = GitHubUrls.For(http.Request, options.Value);
            var html = $"{urls.Html}/{found.FullName}/compare/{basehead}";
            return Results.Json(new JsonObject
            {
                ["url"] = $"{urls.Repository(found.FullName)}/compare/{basehead}",
                ["html_url"] = html,
                ["permalink_url"] = $"{urls.Html}/{found.FullName}/compare/{baseSha[..7]}...{headSha[..7]}",
                ["diff_url"] = $"{html}.diff",
                ["patch_url"] = $"{html}.patch",
                ["base_commit"] = GitHubJson.Commit((await git.ReadCommitAsync(found.GitDirectory, baseSha))!, found, urls),
                ["merge_base_commit"] = GitHubJson.Commit(mergeBase, found, urls),
                ["status"] = (ahead, behind) switch
                {
                    (0, 0) => "identical",
                    (_, 0) => "ahead",
                    (0, _) => "behind",
                    _ => "diverged",
                },
                ["ahead_by"] = ahead,
                ["behind_by"] = behind,
                ["total_commits"] = ahead,
                ["commits"] = new JsonArray([.. commits.Select(c => (JsonNode)GitHubJson.Commit(c, found, urls))]),
                ["files"] = GitHubJson.Files(files, found, headSha, urls),
            });
        });
        return repos;
    }
}
