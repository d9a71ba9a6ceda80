using System.Text.Json.Nodes;
using Fortify.GitHubEmulator.Apps;
using Fortify.GitHubEmulator.Authentication;
using Fortify.GitHubEmulator.Git;
using Fortify.GitHubEmulator.Repositories;
using Microsoft.Extensions.Options;

namespace Fortify.GitHubEmulator.Checks;

/// <summary>Check runs: written only by a GitHub App's installation token, read by anyone who sees the repository.</summary>
internal static class CheckRunsApi
{
    public static RouteGroupBuilder MapCheckRunsApi(this RouteGroupBuilder repos)
    {
        repos.MapPost("/{owner}/{repo}/check-runs", async (
            string owner, string repo, CheckRunRequest request, HttpContext http, EmulatedRepositories repositories,
            CheckRuns runs, GitCommands git, AppKeys app, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found)
            {
                return GitHubErrors.NotFound();
            }

            if (RefuseWriter(http) is { } refusal)
            {
                return refusal;
            }

            if (CheckRunValidation.Validate(request, creating: true) is { Count: > 0 } errors)
            {
                return GitHubErrors.ValidationFailed(errors);
            }

            if (!await git.ExistsAsync(found.GitDirectory, request.HeadSha!))
            {
                return GitHubErrors.Unprocessable($"No commit found for SHA: {request.HeadSha}");
            }

            var run = runs.Create(found.Id, request with { HeadSha = request.HeadSha!.ToLowerInvariant() });
            return Results.Json(CheckRunJson.Render(run, found, GitHubUrls.For(http.Request, options.Value), app.AppId), statusCode: StatusCodes.Status201Created);
        });

        repos.MapPatch("/{owner}/{repo}/check-runs/{id:long}", (
            string owner, string repo, long id, CheckRunRequest request, HttpContext http, EmulatedRepositories repositories,
            CheckRuns runs, AppKeys app, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found)
            {
                return GitHubErrors.NotFound();
            }

            if (RefuseWriter(http) is { } refusal)
            {
                return refusal;
            }

            if (CheckRunValidation.Validate(request, creating: false) is { Count: > 0 } errors)
            {
                return GitHubErrors.ValidationFailed(errors);
            }

            return runs.Update(found.Id, id, request) is { } run
                ? Results.Json(CheckRunJson.Render(run, found, GitHubUrls.For(http.Request, options.Value), app.AppId))
                : GitHubErrors.NotFound();
        });

        repos.MapGet("/{owner}/{repo}/check-runs/{id:long}", (
            string owner, string repo, long id, HttpContext http, EmulatedRepositories repositories, CheckRuns runs, AppKeys app,
            IOptions<EmulatorOptions> options) =>
            repositories.FindVisible(owner, repo, http) is { } found && runs.Find(found.Id, id) is { } run
                ? Results.Json(CheckRunJson.Render(run, found, GitHubUrls.For(http.Request, options.Value), app.AppId))
                : GitHubErrors.NotFound());

        repos.MapGet("/{owner}/{repo}/check-runs/{id:long}/annotations", (
            string owner, string repo, long id, HttpContext http, EmulatedRepositories repositories, CheckRuns runs,
            IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found || runs.Find(found.Id, id) is not { } run)
            {
                return GitHubErrors.NotFound();
            }

            var urls = GitHubUrls.For(http.Request, options.Value);
            return Results.Json(new JsonArray([.. Paging.Page(run.Annotations, http, urls).Select(a => (JsonNode)CheckRunJson.Render(a, found, run, urls))]));
        });

        // Like GitHub, the latest run of each name unless filter=all.
        repos.MapGet("/{owner}/{repo}/commits/{reference}/check-runs", async (
            string owner, string repo, string reference, string? filter, string? status, HttpContext http,
            EmulatedRepositories repositories, CheckRuns runs, GitCommands git, AppKeys app, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found
                || await git.ResolveCommitAsync(found.GitDirectory, reference) is not { } sha)
            {
                return GitHubErrors.NotFound();
            }

            var matching = runs.ForCommit(found.Id, sha)
                .Where(r => http.Request.Query["check_name"].ToString() is not { Length: > 0 } name || r.Name == name)
                .Where(r => status is null || r.Status == status)
                .ToList();
            if (filter != "all")
            {
                matching = matching.GroupBy(r => r.Name).Select(g => g.First()).ToList();
            }

            var urls = GitHubUrls.For(http.Request, options.Value);
            return Results.Json(new JsonObject
            {
                ["total_count"] = matching.Count,
                ["check_runs"] = new JsonArray([.. Paging.Page(matching, http, urls).Select(r => (JsonNode)CheckRunJson.Render(r, found, urls, app.AppId))]),
            });
        });
        return repos;
    }

    /// <summary>GitHub lets only GitHub Apps write check runs.</summary>
    private static IResult? RefuseWriter(HttpContext http) => Caller.Of(http) switch
    {
        TokenCaller { IsInstallation: true } => null,
        Anonymous => GitHubErrors.RequiresAuthentication(),
        _ => GitHubErrors.MustBeGitHubApp(),
    };
}
