using Octokit;

namespace Fortify.Core.GitHub;

/// <summary>An Octokit client for one repository, and what its credential allows.</summary>
/// <param name="InstallationId">The App installation that covers the repository; null unless <see cref="Kind"/> is App.</param>
public sealed record GitHubConnection(string Repository, IGitHubClient Client, CredentialKind Kind, long? InstallationId)
{
    /// <summary>GitHub accepts check runs only from an App.</summary>
    public bool CanWriteChecks => Kind == CredentialKind.App;
}
