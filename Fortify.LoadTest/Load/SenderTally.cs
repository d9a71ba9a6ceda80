namespace Fortify.LoadTest.Load;

/// <summary>What one sender saw in the window. Owned by that sender alone, so recording takes no lock.</summary>
internal sealed class SenderTally
{
    private const int InitialCapacity = 8192;

    public List<long> LatencyTicks { get; } = new(InitialCapacity);

    public Dictionary<int, int> StatusCounts { get; } = [];

    public int Errors { get; private set; }

    public int OutsideWindow { get; private set; }

    public string? FirstError { get; private set; }

    public int LargestBody { get; private set; }

    public void RecordBody(int length) => LargestBody = Math.Max(LargestBody, length);

    public void RecordAnswer(MeasurementWindow window, long started, long finished, int status)
    {
        if (!window.Contains(finished))
        {
            OutsideWindow++;
            return;
        }

        LatencyTicks.Add(finished - started);
        StatusCounts[status] = StatusCounts.GetValueOrDefault(status) + 1;
    }

    public void RecordError(MeasurementWindow window, long finished, string message)
    {
        if (!window.Contains(finished))
        {
            OutsideWindow++;
            return;
        }

        Errors++;
        FirstError ??= message;
    }
}
