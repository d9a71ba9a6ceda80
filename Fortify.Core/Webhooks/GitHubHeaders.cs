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

    /// <summary>The longest event name or delivery id kept; GitHub's are far shorter (a GUID, a short word).</summary>
    public const int MaxIdentifierLength = 100;

    /// <summary>Why the event and delivery headers cannot identify a delivery, or null when they can.</summary>
    public static string? ProblemWithIdentity(string gitHubEvent, string deliveryId) =>
        string.IsNullOrWhiteSpace(gitHubEvent) || string.IsNullOrWhiteSpace(deliveryId)
            ? $"The {Event} and {Delivery} headers are required."
            : gitHubEvent.Length > MaxIdentifierLength || deliveryId.Length > MaxIdentifierLength
                ? $"The {Event} and {Delivery} headers are limited to {MaxIdentifierLength} characters."
                : null;

    /// <summary>True for the headers worth keeping with a delivery: GitHub's own, the content type and the user agent.</summary>
    public static bool IsKept(string name) =>
        name.StartsWith("X-GitHub-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-Hub-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase);
}
