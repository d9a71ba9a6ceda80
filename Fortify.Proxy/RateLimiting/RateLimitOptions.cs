using System.ComponentModel.DataAnnotations;

namespace Fortify.Proxy.RateLimiting;

internal sealed class RateLimitOptions
{
    public const string Section = "Proxy:RateLimits";

    [Range(1, 1_000_000)]
    public int PerSourcePerSecond { get; set; } = 5_000;

    [Range(1, 1_000_000)]
    public int PerSourceBurst { get; set; } = 5_000;

    [Range(1, 1_000_000)]
    public int OverallPerSecond { get; set; } = 20_000;

    [Range(1, 1_000_000)]
    public int OverallBurst { get; set; } = 20_000;
}
