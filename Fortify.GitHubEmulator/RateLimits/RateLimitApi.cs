namespace Fortify.GitHubEmulator.RateLimits;

internal static class RateLimitApi
{
    public static RouteGroupBuilder MapRateLimitApi(this RouteGroupBuilder api)
    {
        api.MapGet("/rate_limit", (HttpContext http, RateLimits limits) =>
        {
            var core = limits.Peek(RateLimitMiddleware.KeyOf(http)).ToGitHub();
            return Results.Json(new { resources = new { core }, rate = core });
        });
        return api;
    }
}
