using Fortify.GitHubEmulator.Apps;
using Fortify.GitHubEmulator.Authentication;
using Fortify.GitHubEmulator.Webhooks;

namespace Fortify.GitHubEmulator.Control;

/// <summary>The emulator's own endpoints (not GitHub's): faults to play, tokens, and read-backs of what happened.</summary>
internal static class EmulatorControlApi
{
    public static RouteGroupBuilder MapEmulatorControlApi(this RouteGroupBuilder group)
    {
        group.MapRepositoriesControlApi();

        group.MapPost("/faults", (Fault fault, Faults faults) =>
        {
            faults.Add(fault);
            return Results.Ok(fault);
        });
        group.MapDelete("/faults", (Faults faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });

        group.MapGet("/requests", (RequestLog log, string? path) =>
            Results.Ok(log.All.Where(r => path is null || r.Path == path).ToList()));

        group.MapPost("/tokens", (NewToken request, AccessTokens tokens, IConfiguration configuration) =>
        {
            TokenKind? kind = request.Kind switch
            {
                "installation" => TokenKind.Installation,
                "personal" => TokenKind.Personal,
                _ => null,
            };
            if (kind is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["Must be 'installation' or 'personal'."] });
            }

            var token = tokens.Mint(kind.Value, kind == TokenKind.Installation ? request.InstallationId ?? configuration.GetValue("Emulator:InstallationId", 1L) : null);
            return Results.Ok(new { token = token.Value, expires_at = GitHubJson.Timestamp(token.ExpiresAt!.Value) });
        });
        group.MapPost("/tokens/revoke", (TokenToRevoke request, AccessTokens tokens) =>
            request.Token is not null && tokens.Revoke(request.Token) ? Results.NoContent() : Results.NotFound());

        group.MapGet("/deliveries", (WebhookDeliveries deliveries) => Results.Ok(deliveries.All.Select(d => new
        {
            id = d.Id,
            guid = d.Guid,
            @event = d.Event,
            action = d.Action,
            status_code = d.StatusCode,
            delivered_at = d.DeliveredAt,
            duration = d.Duration,
            response_body = d.ResponseBody,
        })));

        // Only the emulator's own key pair is handed out; a configured one's private half is not the emulator's to give.
        group.MapGet("/app", (AppKeys app) => app.PrivateKeyPem is null
            ? Results.NotFound()
            : Results.Ok(new { app_id = app.AppId, private_key = app.PrivateKeyPem }));
        return group;
    }
}
