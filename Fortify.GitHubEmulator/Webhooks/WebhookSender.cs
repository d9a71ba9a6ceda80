using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Fortify.GitHubEmulator.Webhooks;

/// <summary>Delivers webhooks with GitHub's headers and signature, once (GitHub does not retry), and records each.</summary>
internal sealed class WebhookSender(
    IHttpClientFactory clients,
    WebhookDeliveries deliveries,
    IOptions<EmulatorOptions> options,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<WebhookSender> logger)
{
    public const string ClientName = "github-webhooks";

    /// <summary>The id of the app's one webhook, as GitHub gives every hook a number.</summary>
    public const long HookId = 424242;

    /// <summary>GitHub waits this long for an answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<WebhookDelivery> DeliverAsync(string gitHubEvent, string? action, JsonObject payload, long? repositoryId)
    {
        var installationId = options.Value.InstallationId;
        payload["installation"] = new JsonObject { ["id"] = installationId, ["node_id"] = $"MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u{installationId}" };
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var guid = Guid.NewGuid();
        var deliveredAt = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var (status, responseBody) = await SendAsync(gitHubEvent, guid, body);
        var delivery = new WebhookDelivery(
            deliveries.NextId(), guid, gitHubEvent, action, status, deliveredAt, stopwatch.Elapsed.TotalSeconds, responseBody, installationId, repositoryId);
        deliveries.Add(delivery);
        return delivery;
    }

    private async Task<(int Status, string? Body)> SendAsync(string gitHubEvent, Guid guid, byte[] body)
    {
        if (string.IsNullOrEmpty(options.Value.WebhookUrl))
        {
            return (0, null);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/emulator");
        request.Headers.Add("X-GitHub-Event", gitHubEvent);
        request.Headers.Add("X-GitHub-Delivery", guid.ToString());
        request.Headers.Add("X-GitHub-Hook-ID", HookId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-GitHub-Hook-Installation-Target-Type", "integration");
        request.Headers.Add("X-GitHub-Hook-Installation-Target-ID", options.Value.App.Id);
        // Like GitHub, a hook without a secret sends no signature.
        if (configuration["GitHub:WebhookSecret"] is { Length: > 0 } secret)
        {
            var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
            request.Headers.Add("X-Hub-Signature-256", $"sha256={Convert.ToHexStringLower(signature)}");
        }

        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token));
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            logger.LogWarning(exception, "The {Event} webhook {Delivery} could not be delivered.", gitHubEvent, guid);
            return (0, exception.Message);
        }
    }
}
