using System.Globalization;
using System.Net;

namespace Fortify.Core.GitHub;

/// <summary>How long GitHub asks a rate-limited caller to wait, read from its answer.</summary>
internal sealed class GitHubRateLimits(TimeProvider clock)
{
    // GitHub's advice for a secondary limit that names no time: wait at least a minute.
    private static readonly TimeSpan SecondaryLimitWait = TimeSpan.FromMinutes(1);

    /// <summary>The wait, or null when the answer is not a rate limit (a 403 for permissions, say).</summary>
    public async ValueTask<TimeSpan?> GetWaitAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return NotNegative(retryAfter.Delta ?? retryAfter.Date - now ?? TimeSpan.Zero);
        }

        if (Header(response, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
        {
            return NotNegative(DateTimeOffset.FromUnixTimeSeconds(reset) - now);
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return SecondaryLimitWait;
        }

        // Buffered, so Octokit can still read the body and raise SecondaryRateLimitExceededException from it.
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase) ? SecondaryLimitWait : null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan NotNegative(TimeSpan wait) => wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
}
