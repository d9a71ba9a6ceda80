using System.Net.Http.Headers;
using Octokit;

namespace Fortify.Core.GitHub;

/// <summary>
/// For the process-wide <see cref="IGitHubClient"/> in App mode: an App has no single token, so each
/// <c>repos/{owner}/{name}/...</c> request is signed with the installation token of that repository. Requests
/// elsewhere, or for repositories the App is not installed on, go anonymously.
/// </summary>
internal sealed class RepositoryInstallationHandler(InstallationTokenProvider tokens, Uri apiUrl) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && RepositoryOf(request.RequestUri) is { } repository)
        {
            try
            {
                var installationId = await tokens.GetInstallationIdAsync(repository, cancellationToken);
                var token = await tokens.GetTokenAsync(installationId, cancellationToken);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            }
            catch (NotFoundException)
            {
                // Not installed there: a public repository still answers anonymously.
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private string? RepositoryOf(Uri? uri)
    {
        if (uri is null || !apiUrl.IsBaseOf(uri))
        {
            return null;
        }

        var segments = apiUrl.MakeRelativeUri(uri).OriginalString.Split('?')[0].Split('/');
        return segments is ["repos", { Length: > 0 } owner, { Length: > 0 } name, ..]
            ? $"{Uri.UnescapeDataString(owner)}/{Uri.UnescapeDataString(name)}"
            : null;
    }
}
