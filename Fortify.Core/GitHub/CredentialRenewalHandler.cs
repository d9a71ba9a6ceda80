using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Fortify.Core.GitHub;

/// <summary>
/// On the "github" client, outside the resilience pipeline: a 401 for an installation token renews the token and
/// sends the request once more; a 401 for a credential that cannot be renewed (a second 401, or the PAT) becomes a
/// <see cref="GitHubCredentialsRevokedException"/>. It sits on the handler so Octokit and raw HttpClient callers
/// (tarball streaming) behave alike.
/// </summary>
internal sealed class CredentialRenewalHandler(InstallationTokenProvider tokens, IOptions<GitHubOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || request.Headers.Authorization is not { Parameter: { } rejected } authorization)
        {
            return response;
        }

        if (tokens.TryGetInstallationOf(rejected, out var installationId))
        {
            var renewed = await tokens.RenewAsync(installationId, rejected, cancellationToken);
            response.Dispose();
            request.Headers.Authorization = new AuthenticationHeaderValue(authorization.Scheme, renewed.Value);
            response = await base.SendAsync(request, cancellationToken);
            return response.StatusCode == HttpStatusCode.Unauthorized
                ? throw await GitHubCredentialsRevokedException.FromAsync(CredentialKind.App, response, cancellationToken)
                : response;
        }

        var token = options.Value.Token;
        return !string.IsNullOrEmpty(token) && rejected == token
            ? throw await GitHubCredentialsRevokedException.FromAsync(CredentialKind.Token, response, cancellationToken)
            : response;
    }
}
