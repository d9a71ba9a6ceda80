using System.Text.Json.Nodes;
using Fortify.GitHubEmulator.Diffs;
using Fortify.GitHubEmulator.Git;
using Microsoft.Extensions.Options;

namespace Fortify.GitHubEmulator.Repositories;

/// <summary>Repositories, their commits and branches, with GitHub's field names and its 404 body.</summary>
internal static class RepositoriesApi
{
    public static RouteGroupBuilder MapRepositoriesApi(this RouteGroupBuilder repos)
    {
        repos.MapGet("/{owner}/{repo}", (string owner, string repo, EmulatedRepositories repositories, HttpContext http, IOptions<EmulatorOptions> options) =>
            repositories.FindVisible(owner, repo, http) is { } found
                ? Results.Json(GitHubJson.Repository(found, GitHubUrls.For(http.Request, options.Value)))
                : GitHubErrors.NotFound());

        repos.MapGet("/{owner}/{repo}/commits/{reference}", async (
            string owner, string repo, string reference, EmulatedRepositories repositories, HttpContext http,
            GitCommands git, GitDiff diff, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found)
            {
                return GitHubErrors.NotFound();
            }

            if (await git.ResolveCommitAsync(found.GitDirectory, reference) is not { } sha
                || await git.ReadCommitAsync(found.GitDirectory, sha) is not { } commit)
            {
                return options.Value.AnswerUnknownShas && reference.Length == 40 && reference.All(Uri.IsHexDigit)
                    ? Results.Json(GitHubJson.Commit(MadeUpCommit(reference.ToLowerInvariant()), found, GitHubUrls.For(http.Request, options.Value), []))
                    : GitHubErrors.NotFound();
            }

            var files = await diff.ChangesAsync(found.GitDirectory, commit.Parents.FirstOrDefault() ?? GitCommands.EmptyTree, sha);
            return Results.Json(GitHubJson.Commit(commit, found, GitHubUrls.For(http.Request, options.Value), files));
        });

        // Branch names may hold slashes.
        repos.MapGet("/{owner}/{repo}/branches/{**branch}", async (
            string owner, string repo, string branch, EmulatedRepositories repositories, HttpContext http,
            GitCommands git, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found
                || await git.BranchShaAsync(found.GitDirectory, branch) is not { } sha
                || await git.ReadCommitAsync(found.GitDirectory, sha) is not { } commit)
            {
                return GitHubErrors.NotFound();
            }

            var urls = GitHubUrls.For(http.Request, options.Value);
            return Results.Json(new JsonObject
            {
                ["name"] = branch,
                ["commit"] = GitHubJson.Commit(commit, found, urls),
                ["_links"] = new JsonObject
                {
                    ["self"] = $"{urls.Repository(found.FullName)}/branches/{branch}",
                    ["html"] = $"{urls.Html}/{found.FullName}/tree/{branch}",
                },
                ["protected"] = false,
            });
        });
        return repos;
    }

    private static GitCommit MadeUpCommit(string sha)
    {
        var octocat = new GitSignature("Octocat", "octocat@github.com", DateTimeOffset.Parse(GitHubJson.EpochDate, System.Globalization.CultureInfo.InvariantCulture));
        return new GitCommit(sha, sha, [], octocat, octocat, "Emulated commit");
    }
}
