using System.ComponentModel.DataAnnotations;

namespace Fortify.Proxy;

internal sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>GitHub caps a delivery at 25 MB and drops larger ones; so do we, before reading them.</summary>
    [Range(1, 100 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 25 * 1024 * 1024;
}
