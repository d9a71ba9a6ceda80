using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Fortify.Core.GitHub;

/// <summary>
/// The one resilience pipeline of every GitHub call: total timeout, retries, circuit breaker, attempt timeout. It
/// differs from the standard handler in two ways: a request GitHub may have acted on (a POST answered 5xx) is never
/// sent again, since creating a check run is not idempotent; and rate limits are waited out only when they lift soon,
/// otherwise Octokit raises its rate-limit exception with the reset time and the job is rescheduled.
/// </summary>
internal static class GitHubResilience
{
    public const string PipelineName = "github";

    private static readonly ResiliencePropertyKey<TimeSpan?> RateLimitWait = new("Fortify.GitHub.RateLimitWait");

    public static IHttpClientBuilder AddGitHubResilience(this IHttpClientBuilder http)
    {
        // ServiceDefaults gives every client the standard handler, which would retry POSTs after a 5xx. The removal
        // API is marked experimental, but it is the documented way to replace the defaults' handler.
#pragma warning disable EXTEXP0001
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        http.AddResilienceHandler(PipelineName, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<GitHubOptions>>().Value.Resilience;
            var rateLimits = new GitHubRateLimits(context.ServiceProvider.GetRequiredService<TimeProvider>());
            pipeline
                .AddTimeout(options.TotalTimeout)
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryDelay,
                    ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context, rateLimits, options.MaxRateLimitWait),
                    DelayGenerator = args => ValueTask.FromResult(TakeRateLimitWait(args.Context)),
                })
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
                {
                    FailureRatio = options.CircuitFailureRatio,
                    MinimumThroughput = options.CircuitMinimumThroughput,
                    SamplingDuration = options.CircuitSamplingDuration,
                    BreakDuration = options.CircuitBreakDuration,
                    ShouldHandle = args => ValueTask.FromResult(IsGitHubFailure(args.Outcome)),
                })
                .AddTimeout(options.AttemptTimeout);
        });
        return http;
    }

    private static async ValueTask<bool> ShouldRetryAsync(
        Outcome<HttpResponseMessage> outcome, ResilienceContext context, GitHubRateLimits rateLimits, TimeSpan maxRateLimitWait)
    {
        var method = context.GetRequestMessage()?.Method ?? outcome.Result?.RequestMessage?.Method;
        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                HttpRequestException failure => IsSafe(method) || NeverSent(failure),
                TimeoutRejectedException => IsSafe(method),
                _ => false,
            };
        }

        var response = outcome.Result!;
        if (await rateLimits.GetWaitAsync(response, context.CancellationToken) is { } wait)
        {
            // GitHub refused the request unprocessed, so even a POST may go again.
            if (wait > maxRateLimitWait)
            {
                return false;
            }

            context.Properties.Set(RateLimitWait, wait);
            return true;
        }

        return IsGitHubFailure(response.StatusCode) && IsSafe(method);
    }

    /// <summary>The rate limit's wait when the retry is for one; null lets the exponential back-off decide.</summary>
    private static TimeSpan? TakeRateLimitWait(ResilienceContext context)
    {
        if (!context.Properties.TryGetValue(RateLimitWait, out var wait))
        {
            return null;
        }

        context.Properties.Set(RateLimitWait, null);
        return wait;
    }

    private static bool IsGitHubFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || outcome.Result is { } response && IsGitHubFailure(response.StatusCode);

    private static bool IsGitHubFailure(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout || (int)status >= 500 && status != HttpStatusCode.NotImplemented;

    private static bool IsSafe(HttpMethod? method) => method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options;

    /// <summary>Failures before a byte of the request left: GitHub cannot have acted on it.</summary>
    private static bool NeverSent(HttpRequestException failure) =>
        failure.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;
}
