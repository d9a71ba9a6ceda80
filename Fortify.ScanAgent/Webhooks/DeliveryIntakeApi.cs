using Fortify.Core.Webhooks;

namespace Fortify.ScanAgent.Webhooks;

internal static class DeliveryIntakeApi
{
    private const long MaxBodyBytes = 26 * 1024 * 1024;

    public static RouteGroupBuilder MapDeliveryIntakeApi(this RouteGroupBuilder group)
    {
        group.MapPost("/", AcceptAsync).WithName("AcceptDelivery");
        return group;
    }

    /// <summary>Verify again (defence in depth), store before parsing, then decide. 201 when new, 200 for a redelivery.</summary>
    private static async Task<IResult> AcceptAsync(
        HttpContext context,
        WebhookSignatureVerifier verifier,
        DeliveryIntake intake,
        TimeProvider clock,
        ILogger<DeliveryIntake> logger)
    {
        var request = context.Request;
        var gitHubEvent = request.Headers[GitHubHeaders.Event].ToString();
        var deliveryId = request.Headers[GitHubHeaders.Delivery].ToString();
        if (GitHubHeaders.ProblemWithIdentity(gitHubEvent, deliveryId) is { } problem)
        {
            return Problem(StatusCodes.Status400BadRequest, problem);
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "The delivery is larger than GitHub's limit.");
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 16 * 1024);
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();

        if (verifier.Verify(body, request.Headers[GitHubHeaders.Signature256]) != SignatureCheck.Valid)
        {
            logger.LogWarning("Security: delivery {DeliveryId} reached the scan agent with a signature that does not verify", deliveryId);
            return Problem(StatusCodes.Status401Unauthorized, "The GitHub signature does not verify.");
        }

        var headers = request.Headers
            .Where(h => GitHubHeaders.IsKept(h.Key))
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var envelope = new WebhookEnvelope(
            deliveryId, gitHubEvent, body, headers, request.Headers[GitHubHeaders.SourceAddress].ToString(), clock.GetUtcNow());

        try
        {
            var (receipt, isNew) = await intake.AcceptAsync(envelope);
            return isNew ? TypedResults.Created((string?)null, receipt) : TypedResults.Ok(receipt);
        }
        catch (Exception exception) when (DatabaseOutage.Is(exception))
        {
            // The proxy spools on 503, so the delivery waits rather than being lost.
            logger.LogError("Delivery {DeliveryId} could not be stored or decided now: {Reason}", deliveryId, exception.Message);
            return Problem(StatusCodes.Status503ServiceUnavailable, "The database cannot store the delivery now.");
        }
    }

    private static IResult Problem(int statusCode, string reason) => TypedResults.Problem(
        statusCode: statusCode,
        title: "Delivery not accepted",
        detail: reason,
        extensions: new Dictionary<string, object?> { ["reason"] = reason });
}
