using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Fortify.Proxy.Forwarding;

internal static class ScanAgentClientExtensions
{
    /// <summary>
    /// The agent client gets its own resilience: a short budget, one quick retry and a circuit breaker, so a dead
    /// agent sends deliveries straight to the spool instead of holding GitHub's request open.
    /// </summary>
    public static void AddScanAgentClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScanAgentOptions>()
            .Bind(builder.Configuration.GetSection(ScanAgentOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

#pragma warning disable EXTEXP0001 // Evaluation API, but the only way to replace the standard handler for one client.
        builder.Services.AddHttpClient<ScanAgentClient>((services, client) =>
            {
                var options = services.GetRequiredService<IOptions<ScanAgentOptions>>().Value;
                client.BaseAddress = options.Url;
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler("scan-agent", (pipeline, context) =>
            {
                var timeout = context.ServiceProvider.GetRequiredService<IOptions<ScanAgentOptions>>().Value.Timeout;
                pipeline
                    .AddTimeout(timeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = 1,
                        Delay = TimeSpan.FromMilliseconds(100),
                        BackoffType = DelayBackoffType.Constant,
                        UseJitter = true,
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.5,
                        MinimumThroughput = 10,
                        SamplingDuration = TimeSpan.FromSeconds(10),
                        BreakDuration = TimeSpan.FromSeconds(3),
                    })
                    .AddTimeout(timeout / 2);
            });
#pragma warning restore EXTEXP0001
    }
}
