namespace Fortify.Proxy.Webhooks;

/// <summary>Why a request was turned away, as the status code GitHub gets and a reason a person can act on.</summary>
internal sealed record WebhookRejection(int StatusCode, string Reason)
{
    public IResult ToProblem() => TypedResults.Problem(
        statusCode: StatusCode,
        title: "Webhook delivery rejected",
        detail: Reason,
        extensions: new Dictionary<string, object?> { ["reason"] = Reason });
}
