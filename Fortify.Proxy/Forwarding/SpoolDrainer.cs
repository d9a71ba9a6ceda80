using Fortify.Core.Persistence;
using StackExchange.Redis;

namespace Fortify.Proxy.Forwarding;

/// <summary>Forwards spooled deliveries to the scan agent once it is back, then removes them from the spool.</summary>
internal sealed class SpoolDrainer(DeliverySpool spool, ScanAgentClient scanAgent, ILogger<SpoolDrainer> logger) : BackgroundService
{
    private const int BatchSize = 50;
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(30);

    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = Idle;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await spool.EnsureGroupAsync();
                var drained = await DrainBatchAsync(stoppingToken);
                backoff = drained ? Idle : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                if (drained)
                {
                    continue;
                }
            }
            catch (Exception exception) when (exception.IsStoreOutage())
            {
                logger.LogWarning(exception, "The spool cannot be read now");
                backoff = MaxBackoff;
            }

            await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>True when a full batch went through and more may be waiting.</summary>
    private async Task<bool> DrainBatchAsync(CancellationToken stoppingToken)
    {
        var entries = await spool.ReadAsync(_consumer, BatchSize, AbandonedAfter);
        foreach (var entry in entries)
        {
            var envelope = DeliverySpool.ToEnvelope(entry);
            var result = await scanAgent.ForwardAsync(envelope, stoppingToken);
            if (result is ForwardResult.Unavailable unavailable)
            {
                logger.LogInformation("Spool waits for the scan agent: {Reason}", unavailable.Reason);
                return false;
            }

            if (result is ForwardResult.Rejected rejected)
            {
                logger.LogError("Spooled delivery {DeliveryId} was refused by the scan agent ({StatusCode}): {Reason}",
                    envelope.DeliveryId, rejected.StatusCode, rejected.Reason);
            }

            await spool.RemoveAsync(entry.Id);
        }

        return entries.Count == BatchSize;
    }
}
