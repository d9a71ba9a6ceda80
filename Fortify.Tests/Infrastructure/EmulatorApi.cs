using System.Net.Http.Json;

namespace Fortify.Tests.Infrastructure;

/// <summary>The GitHub emulator's control endpoints.</summary>
public sealed class EmulatorApi(HttpClient emulator)
{
    public async Task AddRepositoryAsync(string fullName, string defaultBranch = "main")
    {
        using var response = await emulator.PostAsJsonAsync("/_emulator/repositories", new { full_name = fullName, default_branch = defaultBranch, @private = false });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Makes requests under <paramref name="pathPrefix"/> fail with <paramref name="status"/> and/or wait first.</summary>
    public async Task AddFaultAsync(string pathPrefix, int? status, int? times = null, int delayMilliseconds = 0, int? retryAfterSeconds = null)
    {
        using var response = await emulator.PostAsJsonAsync("/_emulator/faults",
            new { path_prefix = pathPrefix, status, times, delay_milliseconds = delayMilliseconds, retry_after_seconds = retryAfterSeconds });
        response.EnsureSuccessStatusCode();
    }
}
