using Fortify.Core.Persistence;
using StackExchange.Redis;

namespace Fortify.ScanAgent.Jobs;

/// <summary>
/// Publishes committed outbox rows to their Redis streams: at once when this replica committed a job, and every
/// second for whatever another replica left behind or Redis refused.
/// </summary>
internal sealed class OutboxRelay(OutboxPublisher publisher, OutboxSignal signal, ILogger<OutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await publisher.PublishPendingAsync(BatchSize, stoppingToken) == BatchSize)
                {
                    continue;
                }
            }
            catch (Exception exception) when (exception.IsStoreOutage() || exception is InvalidOperationException)
            {
                logger.LogWarning(exception, "Outbox relay cannot publish now; it tries again");
                await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            try
            {
                await signal.WaitAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
