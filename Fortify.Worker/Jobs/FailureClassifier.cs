using Fortify.Worker.Scanning;
using Octokit;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Fortify.Worker.Jobs;

/// <summary>Whether a failed attempt is worth another, and how long to wait before it.</summary>
internal sealed record FailureKind(bool IsTransient, string Reason, TimeSpan? RetryAfter = null)
{
    public static FailureKind Classify(Exception exception, TimeProvider clock) => exception switch
    {
        PermanentScanException p => new(false, p.Message),
        Fortify.Scanning.Archives.HostileArchiveException h => new(false, $"The archive was refused: {h.Message}"),
        Fortify.Core.GitHub.GitHubCredentialsRevokedException c => new(false, $"GitHub refused Fortify's credentials: {c.Message}"),
        RateLimitExceededException r => new(true, "GitHub's rate limit is used up.", Until(r.Reset, clock)),
        SecondaryRateLimitExceededException s => new(true, "GitHub's secondary rate limit was hit.", RetryAfterHeader(s) ?? TimeSpan.FromMinutes(1)),
        NotFoundException => new(false, "The repository or commit is gone, or Fortify may no longer see it."),
        AuthorizationException => new(false, "GitHub refused Fortify's credentials: access was revoked or the token is invalid."),
        ForbiddenException f => new(false, $"GitHub forbids the access: {f.Message}"),
        ApiException { StatusCode: System.Net.HttpStatusCode.TooManyRequests } t => new(true, "GitHub asked Fortify to slow down (429).", RetryAfterHeader(t) ?? TimeSpan.FromMinutes(1)),
        ApiException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError } a => new(true, $"GitHub answered {(int)a.StatusCode}.", RetryAfterHeader(a)),
        ApiException a => new(false, $"GitHub answered {(int)a.StatusCode}: {a.Message}"),
        BrokenCircuitException b => new(true, "GitHub calls are paused after repeated failures.", b.RetryAfter ?? TimeSpan.FromSeconds(5)),
        HttpRequestException or TimeoutRejectedException or TimeoutException or OperationCanceledException
            => new(true, $"{exception.GetType().Name}: {exception.Message}"),
        _ => new(true, $"Unexpected {exception.GetType().Name}: {exception.Message}"),
    };

    private static TimeSpan? RetryAfterHeader(ApiException exception) =>
        exception.HttpResponse?.Headers.TryGetValue("Retry-After", out var value) == true
        && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static TimeSpan Until(DateTimeOffset reset, TimeProvider clock)
    {
        var wait = reset - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }
}
