using System.Text.Json.Nodes;
using Fortify.GitHubEmulator.Authentication;
using Fortify.GitHubEmulator.Git;
using Fortify.GitHubEmulator.Repositories;
using Microsoft.Extensions.Options;

namespace Fortify.GitHubEmulator.Statuses;

/// <summary>Commit statuses and GitHub's combined status.</summary>
internal static class StatusesApi
{
    private static readonly string[] States = ["error", "failure", "pending", "success"];

    public static RouteGroupBuilder MapStatusesApi(this RouteGroupBuilder repos)
    {
        repos.MapPost("/{owner}/{repo}/statuses/{sha}", async (
            string owner, string repo, string sha, CommitStatusRequest request, HttpContext http, EmulatedRepositories repositories,
            CommitStatuses statuses, GitCommands git, TimeProvider clock, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found)
            {
                return GitHubErrors.NotFound();
            }

            var caller = Caller.Of(http);
            if (caller is Anonymous)
            {
                return GitHubErrors.RequiresAuthentication();
            }

            if (!States.Contains(request.State))
            {
                return GitHubErrors.ValidationFailed([new("Status", "state", "custom", $"state is not included in the list")]);
            }

            if (await git.ResolveCommitAsync(found.GitDirectory, sha) is not { } resolved)
            {
                return GitHubErrors.Unprocessable($"No commit found for SHA: {sha}");
            }

            var creator = caller is TokenCaller { IsInstallation: false } ? found.Owner : "fortify[bot]";
            var status = new CommitStatus(
                statuses.NextId(), found.Id, resolved, request.State!, request.TargetUrl, request.Description,
                string.IsNullOrEmpty(request.Context) ? "default" : request.Context, creator, clock.GetUtcNow());
            statuses.Add(status);
            return Results.Json(Render(status, found, GitHubUrls.For(http.Request, options.Value)), statusCode: StatusCodes.Status201Created);
        });

        repos.MapGet("/{owner}/{repo}/commits/{reference}/statuses", async (
            string owner, string repo, string reference, HttpContext http, EmulatedRepositories repositories,
            CommitStatuses statuses, GitCommands git, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found
                || await git.ResolveCommitAsync(found.GitDirectory, reference) is not { } sha)
            {
                return GitHubErrors.NotFound();
            }

            var urls = GitHubUrls.For(http.Request, options.Value);
            return Results.Json(new JsonArray([.. Paging.Page(statuses.ForCommit(found.Id, sha), http, urls).Select(s => (JsonNode)Render(s, found, urls))]));
        });

        repos.MapGet("/{owner}/{repo}/commits/{reference}/status", async (
            string owner, string repo, string reference, HttpContext http, EmulatedRepositories repositories,
            CommitStatuses statuses, GitCommands git, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found
                || await git.ResolveCommitAsync(found.GitDirectory, reference) is not { } sha)
            {
                return GitHubErrors.NotFound();
            }

            // The latest status of each context decides.
            var latest = statuses.ForCommit(found.Id, sha).GroupBy(s => s.Context).Select(g => g.First()).ToList();
            var state = latest.Any(s => s.State is "error" or "failure") ? "failure"
                : latest.Count == 0 || latest.Any(s => s.State == "pending") ? "pending"
                : "success";
            var urls = GitHubUrls.For(http.Request, options.Value);
            return Results.Json(new JsonObject
            {
                ["state"] = state,
                ["statuses"] = new JsonArray([.. latest.Select(s => (JsonNode)Render(s, found, urls))]),
                ["sha"] = sha,
                ["total_count"] = latest.Count,
                ["repository"] = GitHubJson.Repository(found, urls),
                ["commit_url"] = $"{urls.Repository(found.FullName)}/commits/{sha}",
                ["url"] = $"{urls.Repository(found.FullName)}/commits/{sha}/status",
            });
        });
        return repos;
    }

    private static JsonObject Render(CommitStatus status, EmulatedRepository repository, GitHubUrls urls) => new()
    {
        ["url"] = $"{urls.Repository(repository.FullName)}/statuses/{status.Sha}",
        ["avatar_url"] = $"{urls.Html}/{status.Creator}.png",
        ["id"] = status.Id,
        ["node_id"] = $"SC_{status.Id}",
        ["state"] = status.State,
        ["description"] = status.Description,
        ["target_url"] = status.TargetUrl,
        ["context"] = status.Context,
        ["created_at"] = GitHubJson.Timestamp(status.CreatedAt),
        ["updated_at"] = GitHubJson.Timestamp(status.CreatedAt),
        ["creator"] = GitHubJson.User(status.Creator, urls, status.Creator.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User"),
    };
}
