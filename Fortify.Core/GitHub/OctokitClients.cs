using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;

namespace Fortify.Core.GitHub;

/// <summary>
/// Builds Octokit clients on the "github" handler from IHttpMessageHandlerFactory, so every Octokit call runs through
/// the credential renewal and resilience of the named client.
/// </summary>
internal sealed class OctokitClients(IOptions<GitHubOptions> options, IHttpMessageHandlerFactory handlers)
{
    private static readonly ProductHeaderValue Product = new("Fortify");

    /// <param name="wrap">An outer handler around the "github" chain, e.g. one that signs requests per repository.</param>
    public IGitHubClient Create(ICredentialStore credentials, Func<HttpMessageHandler, DelegatingHandler>? wrap = null)
    {
        var connection = new Connection(
            Product,
            options.Value.ApiUrl,
            credentials,
            new HttpClientAdapter(() =>
            {
                var inner = handlers.CreateHandler(GitHubClientExtensions.HttpClientName);
                return wrap is null ? inner : wrap(inner);
            }),
            new SimpleJsonSerializer());
        return new GitHubClient(connection);
    }
}
