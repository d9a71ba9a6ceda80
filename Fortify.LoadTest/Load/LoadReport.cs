using System.Diagnostics;
using System.Globalization;

namespace Fortify.LoadTest.Load;

/// <summary>The merged outcome of one run, over the measured window only.</summary>
internal sealed class LoadReport
{
    private const int DurableStatus = 202;

    private readonly double[] sortedLatenciesMs;

    private LoadReport(LoadOptions options, double windowSeconds, SortedDictionary<int, int> statusCounts,
        double[] sortedLatenciesMs, int errors, int outsideWindow, string? firstError, int largestBody)
    {
        Options = options;
        WindowSeconds = windowSeconds;
        StatusCounts = statusCounts;
        this.sortedLatenciesMs = sortedLatenciesMs;
        Errors = errors;
        OutsideWindow = outsideWindow;
        FirstError = firstError;
        LargestBody = largestBody;
    }

    public LoadOptions Options { get; }

    public double WindowSeconds { get; }

    public SortedDictionary<int, int> StatusCounts { get; }

    public int Errors { get; }

    /// <summary>Warm-up requests and those still in flight when the window closed.</summary>
    public int OutsideWindow { get; }

    public string? FirstError { get; }

    /// <summary>The largest body sent, in bytes: what was measured, whatever size was asked for.</summary>
    public int LargestBody { get; }

    public int Answered => sortedLatenciesMs.Length;

    public int Sent => Answered + Errors;

    public int Durable => StatusCounts.GetValueOrDefault(DurableStatus);

    public double DurablePerSecond => Durable / WindowSeconds;

    public double AnsweredPerSecond => Answered / WindowSeconds;

    public double P50 => Percentile(0.50);

    public double P90 => Percentile(0.90);

    public double P99 => Percentile(0.99);

    public double Max => sortedLatenciesMs.Length == 0 ? 0 : sortedLatenciesMs[^1];

    public static LoadReport Merge(LoadOptions options, MeasurementWindow window, IReadOnlyList<SenderTally> tallies)
    {
        var latencies = new double[tallies.Sum(t => t.LatencyTicks.Count)];
        var next = 0;
        var statusCounts = new SortedDictionary<int, int>();
        foreach (var tally in tallies)
        {
            foreach (var ticks in tally.LatencyTicks)
            {
                latencies[next++] = ticks * 1000.0 / Stopwatch.Frequency;
            }

            foreach (var (status, count) in tally.StatusCounts)
            {
                statusCounts[status] = statusCounts.GetValueOrDefault(status) + count;
            }
        }

        Array.Sort(latencies);
        return new LoadReport(options, window.Seconds, statusCounts, latencies,
            tallies.Sum(t => t.Errors), tallies.Sum(t => t.OutsideWindow),
            tallies.Select(t => t.FirstError).FirstOrDefault(e => e is not null), tallies.Max(t => t.LargestBody));
    }

    public void Write(TextWriter writer)
    {
        var o = Options;
        writer.WriteLine(Invariant($"== {o.Name}: POST {o.Url} =="));
        writer.WriteLine(Invariant($"  window        {WindowSeconds:0.0} s after {o.WarmupSeconds} s warm-up, {o.Concurrency} senders, bodies of up to {LargestBody} B"));
        writer.WriteLine(o.Rate > 0
            ? Invariant($"  pace          {o.Rate}/s offered; latency counted from when each delivery was due")
            : "  pace          closed loop: each sender sends again once answered");
        writer.WriteLine(Invariant($"  sent          {Sent} in the window ({OutsideWindow} more in warm-up or in flight at the end, not counted)"));
        foreach (var (status, count) in StatusCounts)
        {
            var note = status == DurableStatus ? " (durable)" : string.Empty;
            writer.WriteLine(Invariant($"  status {status}    {count}{note}"));
        }

        writer.WriteLine(Invariant($"  errors        {Errors}{(FirstError is null ? string.Empty : $" (first: {FirstError})")}"));
        writer.WriteLine(Invariant($"  throughput    {DurablePerSecond:0.0} durable/s ({AnsweredPerSecond:0.0} answered/s)"));
        writer.WriteLine(Invariant($"  latency ms    p50 {P50:0.00}  p90 {P90:0.00}  p99 {P99:0.00}  max {Max:0.00}"));
    }

    /// <summary>One line for scripts: space-separated key=value pairs.</summary>
    public string ResultLine() =>
        Invariant($"RESULT name={Options.Name} rps={DurablePerSecond:0.0} p50={P50:0.00} p99={P99:0.00} ok={Durable} errors={Errors} offered={(Options.Rate > 0 ? Options.Rate.ToString(CultureInfo.InvariantCulture) : "closed-loop")}");

    // Nearest rank: the smallest latency that at least a fraction p of the requests did not exceed.
    private double Percentile(double p)
    {
        if (sortedLatenciesMs.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sortedLatenciesMs.Length);
        return sortedLatenciesMs[Math.Clamp(rank - 1, 0, sortedLatenciesMs.Length - 1)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
