using Octokit;

namespace Fortify.Core.GitHub;

/// <summary>Signs Octokit requests as the App itself (JWT), for the <c>/app/...</c> endpoints.</summary>
internal sealed class AppJwtCredentialStore(GitHubAppJwt jwt) : ICredentialStore
{
    public Task<Credentials> GetCredentials() => Task.FromResult(new Credentials(jwt.GetToken(), AuthenticationType.Bearer));
}

/// <summary>
/// Signs Octokit requests as an installation, asking the provider on every request, so a renewed token is used at once.
/// </summary>
internal sealed class InstallationCredentialStore(InstallationTokenProvider tokens, long installationId) : ICredentialStore
{
    public async Task<Credentials> GetCredentials()
    {
        // Octokit gives no cancellation token here; the resilience pipeline bounds the mint instead.
        var token = await tokens.GetTokenAsync(installationId, CancellationToken.None);
        return new Credentials(token.Value, AuthenticationType.Bearer);
    }
}
