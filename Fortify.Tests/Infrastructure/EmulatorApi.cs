using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Fortify.Tests.Infrastructure;

/// <summary>The GitHub emulator's control endpoints.</summary>
public sealed class EmulatorApi(HttpClient emulator)
{
    public async Task AddRepositoryAsync(string fullName, string defaultBranch = "main")
    {
        using var response = await emulator.PostAsJsonAsync("/_emulator/repositories", new { full_name = fullName, default_branch = defaultBranch, @private = false });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The API calls the emulator answered on exactly <paramref name="path"/>, as <c>{method, path, status_code, at}</c>.</summary>
    public async Task<JsonArray> RequestsAsync(string path) =>
        JsonNode.Parse(await emulator.GetStringAsync($"/_emulator/requests?path={Uri.EscapeDataString(path)}"))!.AsArray();

    /// <summary>Makes requests under <paramref name="pathPrefix"/> fail with <paramref name="status"/> and/or wait first.</summary>
    public async Task AddFaultAsync(string pathPrefix, int? status, int? times = null, int delayMilliseconds = 0, int? retryAfterSeconds = null)
    {
        using var response = await emulator.PostAsJsonAsync("/_emulator/faults",
            new { path_prefix = pathPrefix, status, times, delay_milliseconds = delayMilliseconds, retry_after_seconds = retryAfterSeconds });
        response.EnsureSuccessStatusCode();
    }
}
