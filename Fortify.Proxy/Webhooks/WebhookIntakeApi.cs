using Fortify.Core.Webhooks;
using Fortify.Proxy.Forwarding;

namespace Fortify.Proxy.Webhooks;

internal static class WebhookIntakeApi
{
    public static RouteGroupBuilder MapWebhookIntakeApi(this RouteGroupBuilder group)
    {
        group.MapPost("/github", ReceiveAsync)
            .WithName("ReceiveGitHubWebhook");
        return group;
    }

    /// <summary>
    /// Verify, then answer only once the delivery is durable: stored by the scan agent, or else spooled in Redis.
    /// GitHub does not retry a failed delivery by itself, so a 2xx here must never be lost.
    /// </summary>
    private static async Task<IResult> ReceiveAsync(
        HttpContext context,
        WebhookRequestReader reader,
        ScanAgentClient scanAgent,
        DeliverySpool spool,
        ILogger<WebhookRequestReader> logger)
    {
        var (envelope, rejection) = await reader.ReadAsync(context);
        if (rejection is not null)
        {
            logger.WebhookRejected(
                rejection.StatusCode,
                context.Connection.RemoteIpAddress?.ToString(),
                Truncate(context.Request.Headers[GitHubHeaders.Delivery]),
                Truncate(context.Request.Headers[GitHubHeaders.Event]),
                rejection.Reason);
            return rejection.ToProblem();
        }

        if (envelope!.Event == "ping")
        {
            return TypedResults.Ok(new DeliveryReceipt(envelope.DeliveryId, "pong"));
        }

        // The work goes on even if GitHub hangs up: the delivery is verified and must not be lost half-way.
        var forwarded = await scanAgent.ForwardAsync(envelope, CancellationToken.None);
        switch (forwarded)
        {
            case ForwardResult.Accepted accepted:
                return TypedResults.Accepted((string?)null, accepted.Receipt);
            case ForwardResult.Rejected refused:
                logger.WebhookRejected(refused.StatusCode, envelope.SourceAddress, envelope.DeliveryId, envelope.Event, refused.Reason);
                return new WebhookRejection(refused.StatusCode, refused.Reason).ToProblem();
        }

        var reason = ((ForwardResult.Unavailable)forwarded).Reason;
        return await spool.TryAddAsync(envelope, reason)
            ? TypedResults.Accepted((string?)null, new DeliveryReceipt(envelope.DeliveryId, "spooled", Reason: reason))
            : TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Delivery could not be stored",
                detail: "Neither the scan agent nor the spool can take the delivery now; redeliver it later.",
                extensions: new Dictionary<string, object?> { ["reason"] = reason });
    }

    private static string Truncate(string? value) =>
        value is null ? "" : value.Length <= 100 ? value : value[..100];
}
