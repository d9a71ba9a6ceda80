using System.ComponentModel.DataAnnotations;

namespace Fortify.ScanAgent.Security;

internal sealed class AgentApiKeyOptions
{
    public const string Section = "ScanAgent";

    [Required(ErrorMessage = "ScanAgent:ApiKey, the credential the agent asks of its callers, is not configured.")]
    [MinLength(16)]
    public string ApiKey { get; set; } = "";
}
