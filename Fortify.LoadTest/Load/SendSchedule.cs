using System.Diagnostics;

namespace Fortify.LoadTest.Load;

/// <summary>
/// When a paced sender's deliveries are due: one every <c>concurrency / rate</c> seconds, the senders offset evenly
/// so that together they send at <c>rate</c> per second. A delivery's latency is counted from when it was due, not
/// from when it left: a slow answer delays the sender's next delivery, and that wait is the service's too (otherwise
/// a stalled service would be measured only by the few requests it held up, which hides the stall).
/// </summary>
internal sealed class SendSchedule(long first, long interval)
{
    private long next = first;

    /// <summary>When the next delivery is due, as a <see cref="Stopwatch"/> timestamp.</summary>
    public long NextDue => next;

    public static SendSchedule For(LoadOptions options, int index, long start)
    {
        var interval = (long)Math.Round(Stopwatch.Frequency * (double)options.Concurrency / options.Rate);
        return new SendSchedule(start + (interval * index / options.Concurrency), interval);
    }

    /// <summary>Waits until the next delivery is due and answers when that was.</summary>
    public async Task<long> NextAsync(CancellationToken cancellationToken)
    {
        var due = next;
        next += interval;
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }

        return due;
    }
}
