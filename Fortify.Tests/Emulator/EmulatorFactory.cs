extern alias GitHubEmulator;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Fortify.Tests.Emulator;

/// <summary>
/// The GitHub emulator in process, with its repositories in a temporary folder that goes away with it, and its
/// webhooks caught by <see cref="Webhooks"/> instead of sent over the network.
/// </summary>
public sealed class EmulatorFactory : WebApplicationFactory<GitHubEmulator::Program>
{
    public const string WebhookSecret = "emulator-test-secret";
    public const string WebhookUrl = "http://fortify.test/webhooks/github";
    public const string ConfiguredPersonalToken = "ghp_configuredForTests";

    public string RepositoriesPath { get; } = Path.Combine(Path.GetTempPath(), $"emulator-tests-{Guid.NewGuid():N}");

    public CapturedWebhooks Webhooks { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Emulator:RepositoriesPath", RepositoriesPath);
        builder.UseSetting("Emulator:WebhookUrl", WebhookUrl);
        builder.UseSetting("Emulator:PersonalTokens", ConfiguredPersonalToken);
        builder.UseSetting("GitHub:WebhookSecret", WebhookSecret);
        // GitHub's behaviour, not the lenient one the whole stack's tests run with.
        builder.UseSetting("Emulator:AnswerUnknownShas", "false");
        // The emulator's webhook client by name: its deliveries end in this test's handler.
        builder.ConfigureTestServices(services => services.AddHttpClient("github-webhooks").ConfigurePrimaryHttpMessageHandler(() => Webhooks));
    }

    /// <summary>A client that does not follow redirects, so tests see GitHub's 302s.</summary>
    public HttpClient CreateApiClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(RepositoriesPath))
        {
            // git writes its objects read-only.
            foreach (var file in Directory.EnumerateFiles(RepositoriesPath, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(RepositoriesPath, recursive: true);
        }
    }
}

/// <summary>Every webhook request the emulator sent, answered 200 like a healthy receiver.</summary>
public sealed class CapturedWebhooks : HttpMessageHandler
{
    private readonly ConcurrentQueue<CapturedWebhook> _received = new();

    public IReadOnlyList<CapturedWebhook> Received => [.. _received];

    public CapturedWebhook Single(string deliveryId) => Assert.Single(_received, w => w.DeliveryId == deliveryId);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new CapturedWebhook(request.RequestUri!, headers, body));
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("received") };
    }

    // The client factory disposes handlers it rotates; this one lives as long as the test class.
    protected override void Dispose(bool disposing)
    {
    }
}

public sealed record CapturedWebhook(Uri Url, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string DeliveryId => Headers["X-GitHub-Delivery"];

    public string Event => Headers["X-GitHub-Event"];
}

/// <summary>The emulator's control endpoints, as tests use them.</summary>
public static class EmulatorControl
{
    public static async Task<JsonElement> CreateRepositoryAsync(
        this HttpClient client, string fullName, Dictionary<string, string?>? files = null, bool isPrivate = false)
    {
        using var response = await client.PostAsJsonAsync("/_emulator/repositories", new { full_name = fullName, @private = isPrivate, files });
        return await JsonOf(response);
    }

    public static async Task<JsonElement> CommitAsync(
        this HttpClient client, string fullName, string branch, Dictionary<string, string?> files, string? from = null, string message = "Change files")
    {
        using var response = await client.PostAsJsonAsync($"/_emulator/repositories/{fullName}/commits", new { branch, from, message, files });
        return await JsonOf(response);
    }

    public static async Task<JsonElement> OpenPullRequestAsync(this HttpClient client, string fullName, string head, string? @base = null)
    {
        using var response = await client.PostAsJsonAsync($"/_emulator/repositories/{fullName}/pulls", new { head, @base, title = $"Merge {head}" });
        return await JsonOf(response);
    }

    public static async Task<string> MintTokenAsync(this HttpClient client, string kind)
    {
        using var response = await client.PostAsJsonAsync("/_emulator/tokens", new { kind });
        return (await JsonOf(response)).GetProperty("token").GetString()!;
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> JsonOfAnyStatus(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static HttpRequestMessage WithToken(this HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("token", token);
        return request;
    }
}
