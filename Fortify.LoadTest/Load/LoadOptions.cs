namespace Fortify.LoadTest.Load;

/// <summary>One load run: where to send, how hard and for how long.</summary>
internal sealed record LoadOptions(
    Uri Url,
    string Secret,
    int Concurrency,
    int DurationSeconds,
    int WarmupSeconds,
    int PayloadSize,
    string Name);
