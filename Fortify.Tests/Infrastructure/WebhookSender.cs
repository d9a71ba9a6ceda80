using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fortify.Core.Json;
using Fortify.Core.Webhooks;

namespace Fortify.Tests.Infrastructure;

/// <summary>Sends deliveries to the proxy the way GitHub does: signed raw body, GitHub's headers.</summary>
public sealed class WebhookSender(HttpClient proxy, string secret)
{
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public Task<HttpResponseMessage> SendJsonAsync(string gitHubEvent, string json, string? deliveryId = null, string? signWith = null) =>
        SendAsync(gitHubEvent, Encoding.UTF8.GetBytes(json), "application/json", deliveryId, signWith ?? secret);

    public Task<HttpResponseMessage> SendFormAsync(string gitHubEvent, string json, string? deliveryId = null) =>
        SendAsync(gitHubEvent, Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(json)), "application/x-www-form-urlencoded", deliveryId, secret);

    public async Task<HttpResponseMessage> SendAsync(
        string gitHubEvent, byte[] body, string contentType, string? deliveryId, string? signWith, long hookId = 1)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add(GitHubHeaders.Event, gitHubEvent);
        request.Headers.Add(GitHubHeaders.Delivery, deliveryId ?? Guid.NewGuid().ToString());
        request.Headers.Add(GitHubHeaders.HookId, hookId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/fortify-tests");
        if (signWith is not null)
        {
            request.Headers.Add(GitHubHeaders.Signature256, Sign(signWith, body));
        }

        return await proxy.SendAsync(request);
    }

    public static async Task<DeliveryReceipt> ReceiptAsync(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<DeliveryReceipt>(await response.Content.ReadAsStringAsync(), FortifyJson.Options)
        ?? throw new InvalidOperationException("No receipt.");
}
