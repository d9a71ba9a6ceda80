namespace Fortify.GitHubEmulator;

/// <summary>The <c>Emulator</c> configuration section.</summary>
internal sealed class EmulatorOptions
{
    public const string Section = "Emulator";

    /// <summary>Where the bare git repositories live; empty for a fresh temporary folder per process.</summary>
    public string? RepositoriesPath { get; set; }

    /// <summary>Where webhooks go; empty to record deliveries without sending them.</summary>
    public string? WebhookUrl { get; set; }

    public long InstallationId { get; set; } = 1;

    /// <summary>Comma-separated personal access tokens that are valid from the start.</summary>
    public string? PersonalTokens { get; set; }

    /// <summary>The scheme and host in URLs the emulator hands out; empty for the host of the request.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Answer <c>GET commits/{sha}</c> for any well-formed SHA the repository does not have, with a made-up commit:
    /// the stack's tests push random SHAs and expect the worker to find them. Off, unknown SHAs are 404 as on GitHub.
    /// </summary>
    public bool AnswerUnknownShas { get; set; }

    public EmulatedAppOptions App { get; set; } = new();
}

internal sealed class EmulatedAppOptions
{
    public string Id { get; set; } = "1";

    /// <summary>PEM of the key app JWTs must be signed with; empty to generate a key pair at start.</summary>
    public string? PublicKey { get; set; }
}
