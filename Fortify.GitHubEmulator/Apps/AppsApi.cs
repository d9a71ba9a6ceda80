using System.Text.Json.Nodes;
using Fortify.GitHubEmulator.Authentication;
using Fortify.GitHubEmulator.Repositories;
using Microsoft.Extensions.Options;

namespace Fortify.GitHubEmulator.Apps;

/// <summary>The GitHub App endpoints: each needs the app's JWT.</summary>
internal static class AppsApi
{
    public static RouteGroupBuilder MapAppsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/app", (HttpContext http, AppKeys app, IOptions<EmulatorOptions> options) =>
            Caller.Of(http) is AppCaller ? Results.Json(App(app, GitHubUrls.For(http.Request, options.Value))) : GitHubErrors.BadJwt());

        api.MapPost("/app/installations/{installationId:long}/access_tokens", (
            long installationId, HttpContext http, AccessTokens tokens, IOptions<EmulatorOptions> options) =>
        {
            if (Caller.Of(http) is not AppCaller)
            {
                return GitHubErrors.BadJwt();
            }

            if (installationId != options.Value.InstallationId)
            {
                return GitHubErrors.NotFound();
            }

            var token = tokens.Mint(TokenKind.Installation, installationId);
            return Results.Json(
                new JsonObject
                {
                    ["token"] = token.Value,
                    ["expires_at"] = GitHubJson.Timestamp(token.ExpiresAt!.Value),
                    ["permissions"] = Permissions(),
                    ["repository_selection"] = "all",
                },
                statusCode: StatusCodes.Status201Created);
        });

        // What an installation token may see: every repository, since the emulated app is installed on all of them.
        api.MapGet("/installation/repositories", (HttpContext http, EmulatedRepositories repositories, int? per_page, IOptions<EmulatorOptions> options) =>
        {
            if (Caller.Of(http) is not TokenCaller { IsInstallation: true })
            {
                return GitHubErrors.RequiresAuthentication();
            }

            var urls = GitHubUrls.For(http.Request, options.Value);
            var all = repositories.All;
            return Results.Json(new JsonObject
            {
                ["total_count"] = all.Count,
                ["repository_selection"] = "all",
                ["repositories"] = new JsonArray([.. all.Take(Math.Clamp(per_page ?? 30, 1, 100)).Select(r => (JsonNode)GitHubJson.Repository(r, urls))]),
            });
        });

        api.MapGet("/repos/{owner}/{repo}/installation", (
            string owner, string repo, HttpContext http, EmulatedRepositories repositories, AppKeys app, IOptions<EmulatorOptions> options) =>
        {
            if (Caller.Of(http) is not AppCaller)
            {
                return GitHubErrors.BadJwt();
            }

            if (repositories.Find(owner, repo) is not { } found)
            {
                return GitHubErrors.NotFound();
            }

            var urls = GitHubUrls.For(http.Request, options.Value);
            var id = options.Value.InstallationId;
            return Results.Json(new JsonObject
            {
                ["id"] = id,
                ["app_id"] = long.TryParse(app.AppId, out var appId) ? appId : 1,
                ["app_slug"] = "fortify",
                ["target_type"] = "Organization",
                ["account"] = GitHubJson.User(found.Owner, urls, "Organization"),
                ["access_tokens_url"] = $"{urls.Api}/app/installations/{id}/access_tokens",
                ["repositories_url"] = $"{urls.Api}/installation/repositories",
                ["permissions"] = Permissions(),
                ["repository_selection"] = "all",
                ["events"] = new JsonArray("pull_request", "push", "check_run", "check_suite"),
            });
        });
        return api;
    }

    private static JsonObject App(AppKeys app, GitHubUrls urls) => new()
    {
        ["id"] = long.TryParse(app.AppId, out var id) ? id : 1,
        ["slug"] = "fortify",
        ["node_id"] = $"A_{app.AppId}",
        ["name"] = "Fortify",
        ["owner"] = GitHubJson.User("fortify", urls, "Organization"),
        ["description"] = "The GitHub emulator's stand-in for the Fortify app.",
        ["html_url"] = $"{urls.Html}/apps/fortify",
        ["permissions"] = Permissions(),
        ["events"] = new JsonArray("pull_request", "push", "check_run", "check_suite"),
        ["created_at"] = GitHubJson.EpochDate,
        ["updated_at"] = GitHubJson.EpochDate,
    };

    private static JsonObject Permissions() => new()
    {
        ["checks"] = "write",
        ["contents"] = "read",
        ["pull_requests"] = "read",
        ["statuses"] = "write",
        ["metadata"] = "read",
    };
}
