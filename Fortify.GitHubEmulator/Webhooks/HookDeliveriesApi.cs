using System.Text.Json.Nodes;
using Fortify.GitHubEmulator.Authentication;
using Fortify.GitHubEmulator.Repositories;
using Microsoft.Extensions.Options;

namespace Fortify.GitHubEmulator.Webhooks;

/// <summary>GitHub's delivery logs of the app's hook, as a whole and per repository, newest first.</summary>
internal static class HookDeliveriesApi
{
    public static RouteGroupBuilder MapHookDeliveriesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/app/hook/deliveries", (HttpContext http, WebhookDeliveries deliveries, IOptions<EmulatorOptions> options) =>
            Caller.Of(http) is AppCaller
                ? Results.Json(List(deliveries.All, http, options.Value))
                : GitHubErrors.BadJwt());

        api.MapGet("/repos/{owner}/{repo}/hooks/{hookId:long}/deliveries", (
            string owner, string repo, long hookId, HttpContext http, EmulatedRepositories repositories, WebhookDeliveries deliveries,
            IOptions<EmulatorOptions> options) =>
        {
            if (Caller.Of(http) is Anonymous)
            {
                return GitHubErrors.RequiresAuthentication();
            }

            return repositories.Find(owner, repo) is { } found && hookId == WebhookSender.HookId
                ? Results.Json(List(deliveries.All.Where(d => d.RepositoryId == found.Id), http, options.Value))
                : GitHubErrors.NotFound();
        });
        return api;
    }

    private static JsonArray List(IEnumerable<WebhookDelivery> deliveries, HttpContext http, EmulatorOptions options) =>
        new([.. Paging.Page(deliveries.OrderByDescending(d => d.Id).ToList(), http, GitHubUrls.For(http.Request, options)).Select(d => (JsonNode)new JsonObject
        {
            ["id"] = d.Id,
            ["guid"] = d.Guid.ToString(),
            ["delivered_at"] = GitHubJson.Timestamp(d.DeliveredAt),
            ["redelivery"] = false,
            ["duration"] = Math.Round(d.Duration, 2),
            ["status"] = d.Status,
            ["status_code"] = d.StatusCode,
            ["event"] = d.Event,
            ["action"] = d.Action,
            ["installation_id"] = d.InstallationId,
            ["repository_id"] = d.RepositoryId,
            ["throttled_at"] = null,
        })]);
}
