using System.Globalization;

namespace Fortify.Chaos;

internal sealed record ChaosOptions(int Deliveries, int DeliveriesPerSecond, TimeSpan ChaosEvery, TimeSpan SettleTimeout, int Seed, int Jobs, int WorkerConcurrency, int Runs, int Files)
{
    public static ChaosOptions Parse(string[] args)
    {
        var values = args.Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new ChaosOptions(
            Int("deliveries", 1000),
            Int("rate", 40),
            TimeSpan.FromSeconds(Int("chaos-every", 3)),
            TimeSpan.FromMinutes(Int("settle-minutes", 5)),
            Int("seed", Environment.TickCount),
            Int("jobs", 20_000),
            Int("concurrency", 8),
            Int("runs", 20),
            Int("files", 50));
    }
}
