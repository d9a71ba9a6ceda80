using StackExchange.Redis;

namespace Fortify.ScanAgent.Jobs;

/// <summary>The outbox's safety net: publishes whatever the fast path did not, until Redis takes it.</summary>
internal sealed class OutboxRelay(OutboxPublisher publisher, ILogger<OutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 200;
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
            catch (Exception exception) when (exception is RedisException or System.Data.Common.DbException or InvalidOperationException)
            {
                logger.LogWarning(exception, "Outbox relay cannot publish now; it tries again");
            }

            await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
