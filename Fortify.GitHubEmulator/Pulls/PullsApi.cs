using Fortify.GitHubEmulator.Diffs;
using Fortify.GitHubEmulator.Git;
using Fortify.GitHubEmulator.Repositories;
using Microsoft.Extensions.Options;

namespace Fortify.GitHubEmulator.Pulls;

/// <summary><c>GET /repos/{owner}/{repo}/pulls/{number}</c> and its files.</summary>
internal static class PullsApi
{
    public static RouteGroupBuilder MapPullsApi(this RouteGroupBuilder repos)
    {
        repos.MapGet("/{owner}/{repo}/pulls/{number:int}", async (
            string owner, string repo, int number, HttpContext http, EmulatedRepositories repositories, PullRequests pulls,
            PullRequestJson json, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found || pulls.Find(found.Id, number) is not { } pull)
            {
                return GitHubErrors.NotFound();
            }

            return Results.Json(await json.RenderAsync(pull, found, GitHubUrls.For(http.Request, options.Value)));
        });

        // GitHub lists what the pull request changes against the merge base, not against the tip of the base branch.
        repos.MapGet("/{owner}/{repo}/pulls/{number:int}/files", async (
            string owner, string repo, int number, HttpContext http, EmulatedRepositories repositories, PullRequests pulls,
            GitCommands git, GitDiff diff, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found || pulls.Find(found.Id, number) is not { } pull)
            {
                return GitHubErrors.NotFound();
            }

            var headSha = await git.BranchShaAsync(found.GitDirectory, pull.Head) ?? pull.HeadSha;
            var baseSha = await git.BranchShaAsync(found.GitDirectory, pull.Base) ?? pull.BaseSha;
            var mergeBase = await git.MergeBaseAsync(found.GitDirectory, baseSha, headSha) ?? baseSha;
            var files = await diff.ChangesAsync(found.GitDirectory, mergeBase, headSha);
            var urls = GitHubUrls.For(http.Request, options.Value);
            return Results.Json(GitHubJson.Files(Paging.Page(files, http, urls), found, headSha, urls));
        });
        return repos;
    }
}
