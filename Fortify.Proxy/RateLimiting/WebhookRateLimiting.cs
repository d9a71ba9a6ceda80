using System.Globalization;
using System.Threading.RateLimiting;
using Fortify.Proxy.Webhooks;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Fortify.Proxy.RateLimiting;

internal static class WebhookRateLimiting
{
    public static readonly PathString WebhookPaths = "/webhooks";

    /// <summary>
    /// A token bucket per source address chained to one shared by all sources, on the webhook paths only (health
    /// probes are never limited); 429 with Retry-After past either.
    /// </summary>
    public static void AddWebhookRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, options) =>
        {
            var limits = options.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRejectedAsync;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsWebhook(http)
                    ? RateLimitPartition.GetTokenBucketLimiter("overall", _ => Bucket(limits.OverallPerSecond, limits.OverallBurst))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsWebhook(http)
                    ? RateLimitPartition.GetTokenBucketLimiter(SourceOf(http), _ => Bucket(limits.PerSourcePerSecond, limits.PerSourceBurst))
                    : RateLimitPartition.GetNoLimiter("")));
        });
    }

    private static bool IsWebhook(HttpContext http) => http.Request.Path.StartsWithSegments(WebhookPaths);

    private static string SourceOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = rejected.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        var reason = $"Too many deliveries from {SourceOf(http)} or in all; retry after {seconds} s.";
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebhookRateLimiting))
            .WebhookRejected(StatusCodes.Status429TooManyRequests, SourceOf(http), null, null, reason);
        await new WebhookRejection(StatusCodes.Status429TooManyRequests, reason).ToProblem().ExecuteAsync(http);
    }
}
