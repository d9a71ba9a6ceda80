using System.Text;
using Fortify.Core.Webhooks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Fortify.Proxy.Webhooks;

/// <summary>Turns a request into a verified <see cref="WebhookEnvelope"/>, or says why it cannot be one.</summary>
internal sealed class WebhookRequestReader(WebhookSignatureVerifier verifier, IOptions<ProxyOptions> options, TimeProvider clock)
{
    public const string JsonMediaType = "application/json";
    public const string FormMediaType = "application/x-www-form-urlencoded";

    public async Task<(WebhookEnvelope? Envelope, WebhookRejection? Rejection)> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        var maxBytes = options.Value.MaxBodyBytes;
        if (request.ContentLength > maxBytes)
        {
            return Reject(StatusCodes.Status413PayloadTooLarge, $"The body is {request.ContentLength} bytes; deliveries are limited to {maxBytes}.");
        }

        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        var isForm = string.Equals(mediaType, FormMediaType, StringComparison.OrdinalIgnoreCase);
        if (!isForm && !string.Equals(mediaType, JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Reject(StatusCodes.Status415UnsupportedMediaType,
                $"Content type '{request.ContentType}' is not accepted; GitHub sends {JsonMediaType} or {FormMediaType}.");
        }

        var gitHubEvent = request.Headers[GitHubHeaders.Event].ToString();
        var deliveryId = request.Headers[GitHubHeaders.Delivery].ToString();
        if (GitHubHeaders.ProblemWithIdentity(gitHubEvent, deliveryId) is { } problem)
        {
            return Reject(StatusCodes.Status400BadRequest, problem);
        }

        var body = await ReadBodyAsync(context, maxBytes);
        if (body is null)
        {
            return Reject(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
        }

        var signature = verifier.Verify(body, request.Headers[GitHubHeaders.Signature256]);
        if (signature != SignatureCheck.Valid)
        {
            return Reject(StatusCodes.Status401Unauthorized, Describe(signature));
        }

        if (isForm && !HasPayloadField(body))
        {
            return Reject(StatusCodes.Status400BadRequest, "A form-encoded delivery must carry its JSON in the 'payload' field.");
        }

        var headers = request.Headers
            .Where(h => GitHubHeaders.IsKept(h.Key))
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var source = context.Connection.RemoteIpAddress?.ToString();
        return (new WebhookEnvelope(deliveryId, gitHubEvent, body, headers, source, clock.GetUtcNow()), null);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, long maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = maxBytes;
        }

        try
        {
            using var buffer = new MemoryStream(context.Request.ContentLength is { } length ? (int)length : 16 * 1024);
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            return buffer.Length > maxBytes ? null : buffer.ToArray();
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    private static bool HasPayloadField(byte[] body) =>
        QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).TryGetValue("payload", out var payload)
        && !string.IsNullOrWhiteSpace(payload);

    private static string Describe(SignatureCheck check) => check switch
    {
        SignatureCheck.NoSecretConfigured => "No webhook secret is configured, so no delivery can be verified.",
        SignatureCheck.Missing => $"The {GitHubHeaders.Signature256} header is missing.",
        SignatureCheck.Malformed => $"The {GitHubHeaders.Signature256} header is not 'sha256=' and 64 hex digits.",
        _ => "The signature does not match the body for any configured secret.",
    };

    private static (WebhookEnvelope?, WebhookRejection?) Reject(int statusCode, string reason) =>
        (null, new WebhookRejection(statusCode, reason));
}
