using System.Diagnostics;

namespace Fortify.LoadTest.Load;

/// <summary>The measured part of a run, in <see cref="Stopwatch"/> timestamps; the warm-up lies before it.</summary>
internal readonly record struct MeasurementWindow(long Start, long End)
{
    public double Seconds => Stopwatch.GetElapsedTime(Start, End).TotalSeconds;

    public static MeasurementWindow After(TimeSpan warmup, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        return new MeasurementWindow(start, start + (long)(duration.TotalSeconds * Stopwatch.Frequency));
    }

    /// <summary>
    /// Whether a request finishing at <paramref name="timestamp"/> counts. Counting by completion is what makes the
    /// count per second a throughput; requests still in flight when the window closes are left out.
    /// </summary>
    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;
}
