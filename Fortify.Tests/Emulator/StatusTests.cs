using System.Net;
using System.Net.Http.Json;

namespace Fortify.Tests.Emulator;

public sealed class StatusTests(EmulatorFactory emulator) : IClassFixture<EmulatorFactory>
{
    private readonly HttpClient _client = emulator.CreateApiClient();

    [Fact]
    public async Task Statuses_are_listed_and_combined_by_their_latest_per_context()
    {
        var sha = (await _client.CreateRepositoryAsync("acme/statuses")).GetProperty("head_sha").GetString()!;
        var token = await _client.MintTokenAsync("installation");

        Assert.Equal(HttpStatusCode.Created, await PostAsync(sha, token, new { state = "pending", context = "fortify/secrets" }));
        Assert.Equal(HttpStatusCode.Created, await PostAsync(sha, token, new { state = "success", context = "fortify/lint" }));
        Assert.Equal("pending", await CombinedStateAsync(sha));

        Assert.Equal(HttpStatusCode.Created, await PostAsync(sha, token, new { state = "failure", context = "fortify/secrets", description = "1 secret" }));
        Assert.Equal("failure", await CombinedStateAsync(sha));

        using var list = await _client.GetAsync($"/api/v3/repos/acme/statuses/commits/{sha}/statuses");
        var statuses = await EmulatorControl.JsonOf(list);
        Assert.Equal(3, statuses.GetArrayLength());
        Assert.Equal("failure", statuses[0].GetProperty("state").GetString());
        Assert.Equal("1 secret", statuses[0].GetProperty("description").GetString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostAsync(sha, token, new { state = "done" }));
    }

    [Fact]
    public async Task A_status_without_a_context_is_the_default_context()
    {
        var sha = (await _client.CreateRepositoryAsync("acme/statuses-default")).GetProperty("head_sha").GetString()!;
        var token = await _client.MintTokenAsync("personal");

        Assert.Equal(HttpStatusCode.Created, await PostAsync(sha, token, new { state = "success" }, "acme/statuses-default"));

        using var combined = await _client.GetAsync("/api/v3/repos/acme/statuses-default/commits/main/status");
        var json = await EmulatorControl.JsonOf(combined);
        Assert.Equal(("success", 1, sha), (json.GetProperty("state").GetString(), json.GetProperty("total_count").GetInt32(), json.GetProperty("sha").GetString()));
        Assert.Equal("default", json.GetProperty("statuses")[0].GetProperty("context").GetString());
    }

    private async Task<HttpStatusCode> PostAsync(string sha, string token, object body, string repository = "acme/statuses")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v3/repos/{repository}/statuses/{sha}") { Content = JsonContent.Create(body) };
        using var response = await _client.SendAsync(request.WithToken(token));
        return response.StatusCode;
    }

    private async Task<string?> CombinedStateAsync(string sha)
    {
        using var response = await _client.GetAsync($"/api/v3/repos/acme/statuses/commits/{sha}/status");
        return (await EmulatorControl.JsonOf(response)).GetProperty("state").GetString();
    }
}
