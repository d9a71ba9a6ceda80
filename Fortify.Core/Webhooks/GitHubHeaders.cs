namespace Fortify.Core.Webhooks;

/// <summary>The request headers GitHub sends with every delivery, and ours between proxy and agent.</summary>
public static class GitHubHeaders
{
    public const string Event = "X-GitHub-Event";
    public const string Delivery = "X-GitHub-Delivery";
    public const string HookId = "X-GitHub-Hook-ID";
    public const string Signature256 = "X-Hub-Signature-256";
    public const string AgentApiKey = "X-Fortify-Agent-Key";
    public const string SourceAddress = "X-Fortify-Source-Address";

    /// <summary>True for the headers worth keeping with a delivery: GitHub's own, the content type and the user agent.</summary>
    public static bool IsKept(string name) =>
        name.StartsWith("X-GitHub-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-Hub-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase);
}
