using System.ComponentModel.DataAnnotations;

namespace Fortify.Proxy.Forwarding;

internal sealed class ScanAgentOptions
{
    public const string Section = "ScanAgent";

    /// <summary>The scan agent's base address; service discovery resolves it and spreads calls over its replicas.</summary>
    [Required]
    public Uri Url { get; set; } = new("http://scan-agent");

    [Required(ErrorMessage = "ScanAgent:ApiKey, the proxy's credential at the scan agent, is not configured.")]
    [MinLength(16)]
    public string ApiKey { get; set; } = "";

    /// <summary>
    /// How long the agent may take before the delivery is spooled instead. GitHub gives up after 10 seconds: this, one
    /// second for the body, and the spool's <see cref="DeliverySpool.Patience"/> must fit in them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:05")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(4);
}
