namespace Fortify.GitHubEmulator.RateLimits;

/// <summary>GitHub's core rate limit: 5,000 requests an hour per credential, the window starting at the first request.</summary>
internal sealed class RateLimits(TimeProvider clock)
{
    public const int Limit = 5000;
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly Dictionary<string, (DateTimeOffset Reset, int Used)> _byKey = [];
    private readonly Lock _lock = new();

    public RateLimitState Count(string key) => Update(key, 1);

    public RateLimitState Peek(string key) => Update(key, 0);

    private RateLimitState Update(string key, int requests)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            var (reset, used) = _byKey.TryGetValue(key, out var entry) && entry.Reset > now ? entry : (now + Window, 0);
            used = Math.Min(used + requests, Limit + 1);
            _byKey[key] = (reset, used);
            return new RateLimitState(Limit, Math.Max(Limit - used, 0), reset.ToUnixTimeSeconds(), Math.Min(used, Limit), used > Limit);
        }
    }
}

internal sealed record RateLimitState(int Limit, int Remaining, long Reset, int Used, bool Exceeded)
{
    public object ToGitHub() => new { limit = Limit, remaining = Remaining, reset = Reset, used = Used, resource = "core" };
}
