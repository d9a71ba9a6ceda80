namespace Fortify.LoadTest.Load;

/// <summary>
/// One load run: where to send, how hard and for how long. With a <see cref="Rate"/> the senders keep to a schedule
/// that offers that many deliveries per second in all; without one (0) each sends again as soon as it is answered.
/// </summary>
internal sealed record LoadOptions(
    Uri Url,
    string Secret,
    int Concurrency,
    int DurationSeconds,
    int WarmupSeconds,
    int PayloadSize,
    string Name,
    int Rate = 0);
