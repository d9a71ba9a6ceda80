using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fortify.Core.Webhooks;

namespace Fortify.Tests.Infrastructure;

/// <summary>The scan agent's query API, with the service credential.</summary>
public sealed class ScanAgentApi(HttpClient agent, string apiKey)
{
    public async Task<JsonNode?> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(GitHubHeaders.AgentApiKey, apiKey);
        using var response = await agent.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync());
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(GitHubHeaders.AgentApiKey, apiKey);
        return await agent.SendAsync(request);
    }

    public Task<JsonNode?> JobAsync(Guid jobId) => GetAsync($"/api/jobs/{jobId}");

    public Task<JsonNode?> DeliveryAsync(string deliveryId) => GetAsync($"/api/deliveries/{deliveryId}");

    /// <summary>Up to 500 jobs of <paramref name="repository"/>, newest first.</summary>
    public async Task<JsonArray> JobsOfAsync(string repository) =>
        (await GetAsync($"/api/jobs?repository={repository}&limit=500"))!["items"]!.AsArray();

    /// <summary>Polls until <paramref name="ready"/> holds or the timeout passes; returns the last value read.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> ready, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var value = await read();
        while (!ready(value) && !cancellation.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            value = await read();
        }

        return value;
    }

    public static JsonSerializerOptions Json => Fortify.Core.Json.FortifyJson.Options;
}
