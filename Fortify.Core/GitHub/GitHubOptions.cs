namespace Fortify.Core.GitHub;

/// <summary>Where GitHub's API is and how to sign in to it.</summary>
public sealed class GitHubOptions
{
    public const string Section = "GitHub";

    /// <summary>github.com, or a GitHub Enterprise Server / the emulator (Octokit adds <c>/api/v3</c> there).</summary>
    public Uri BaseUrl { get; set; } = new("https://api.github.com");

    /// <summary>Where the REST API answers: api.github.com, or <c>/api/v3/</c> under a GitHub Enterprise Server.</summary>
    public Uri ApiUrl => BaseUrl.Host is "github.com" or "api.github.com"
        ? new Uri("https://api.github.com/")
        : new Uri(BaseUrl, "/api/v3/");

    /// <summary>A personal access or OAuth token; used when no GitHub App is configured.</summary>
    public string? Token { get; set; }

    /// <summary>The GitHub App Fortify signs in as; it wins over <see cref="Token"/> when both are set.</summary>
    public GitHubAppOptions App { get; set; } = new();

    public GitHubResilienceOptions Resilience { get; set; } = new();

    /// <summary>Which credential the process holds: an App, else a token, else none (the emulator's public repositories).</summary>
    public CredentialKind CredentialKind =>
        App.IsConfigured ? CredentialKind.App
        : string.IsNullOrEmpty(Token) ? CredentialKind.Anonymous
        : CredentialKind.Token;
}
