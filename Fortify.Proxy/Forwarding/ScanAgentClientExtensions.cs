using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Fortify.Proxy.Forwarding;

internal static class ScanAgentClientExtensions
{
    /// <summary>
    /// The agent client gets its own resilience: one budget for the whole exchange, a quick second try only for a call
    /// that failed (another replica may take it), and a circuit breaker, so a dead agent sends deliveries straight to
    /// the spool instead of holding GitHub's request open. A call that timed out is not tried again: the agent may
    /// still be storing it (a replica that has just started is slow at first), and a second copy only adds to its load.
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
                // The whole exchange: an attempt's own time-out, plus room for a quick second try after a failure.
                pipeline
                    .AddTimeout(timeout + TimeSpan.FromMilliseconds(500))
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = 1,
                        Delay = TimeSpan.FromMilliseconds(100),
                        BackoffType = DelayBackoffType.Constant,
                        UseJitter = true,
                        ShouldHandle = attempt => ValueTask.FromResult(
                            attempt.Outcome.Exception is not TimeoutRejectedException && HttpClientResiliencePredicates.IsTransient(attempt.Outcome)),
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.5,
                        MinimumThroughput = 10,
                        SamplingDuration = TimeSpan.FromSeconds(10),
                        BreakDuration = TimeSpan.FromSeconds(3),
                    })
                    .AddTimeout(timeout);
            });
#pragma warning restore EXTEXP0001
    }
}
