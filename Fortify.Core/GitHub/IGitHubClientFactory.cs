using System.Net.Http.Headers;

namespace Fortify.Core.GitHub;

/// <summary>GitHub clients signed in for a repository: as the App's installation, with the token, or anonymously.</summary>
public interface IGitHubClientFactory
{
    /// <summary>What this process signs in with (<c>GitHub:App</c> wins over <c>GitHub:Token</c>).</summary>
    CredentialKind CredentialKind { get; }

    /// <param name="repository">owner/name.</param>
    /// <param name="installationId">From the webhook delivery when known; looked up (and cached) when null.</param>
    Task<GitHubConnection> ForRepositoryAsync(string repository, long? installationId, CancellationToken cancellationToken);

    /// <summary>
    /// The Authorization header for a raw call with the "github" HttpClient (tarballs are streamed that way, since
    /// Octokit buffers whole responses); null when anonymous. Take it per request: installation tokens are renewed.
    /// </summary>
    Task<AuthenticationHeaderValue?> GetAuthorizationAsync(GitHubConnection connection, CancellationToken cancellationToken);

    /// <summary>Checks that GitHub still accepts the connection's credential; throws <see cref="GitHubCredentialsRevokedException"/> if not.</summary>
    Task ValidateAsync(GitHubConnection connection, CancellationToken cancellationToken);
}
