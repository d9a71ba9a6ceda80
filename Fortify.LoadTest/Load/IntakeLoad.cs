using System.Diagnostics;
using System.Text;

namespace Fortify.LoadTest.Load;

/// <summary>Runs <see cref="LoadOptions.Concurrency"/> senders through one shared connection pool.</summary>
internal static class IntakeLoad
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static async Task<LoadReport> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            // One connection per sender so no sender queues behind another on the client side.
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        };
        using var client = new HttpClient(handler) { Timeout = RequestTimeout };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/bench");
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-GitHub-Event", "pull_request");
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-GitHub-Hook-ID", "1");

        var key = Encoding.UTF8.GetBytes(options.Secret);
        var window = MeasurementWindow.After(
            TimeSpan.FromSeconds(options.WarmupSeconds),
            TimeSpan.FromSeconds(options.DurationSeconds));

        var senders = new Task<SenderTally>[options.Concurrency];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < senders.Length; i++)
        {
            var schedule = options.Rate > 0 ? SendSchedule.For(options, i, start) : null;
            var sender = new WebhookSender(client, options, key, i, window, schedule);
            senders[i] = Task.Run(() => sender.RunAsync(cancellationToken), cancellationToken);
        }

        var tallies = await Task.WhenAll(senders);

        // A run cut short has a partial window, so its rates would be wrong: report nothing rather than that.
        cancellationToken.ThrowIfCancellationRequested();
        return LoadReport.Merge(options, window, tallies);
    }
}
