using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;

namespace Fortify.Core.GitHub;

internal sealed class GitHubClientFactory : IGitHubClientFactory
{
    private readonly GitHubOptions options;
    private readonly OctokitClients octokit;
    private readonly InstallationTokenProvider tokens;
    private readonly IHttpClientFactory httpClients;
    private readonly Lazy<IGitHubClient> tokenClient;
    private readonly Lazy<IGitHubClient> anonymousClient;
    private readonly ConcurrentDictionary<long, Lazy<IGitHubClient>> installationClients = new();

    public GitHubClientFactory(IOptions<GitHubOptions> options, OctokitClients octokit, InstallationTokenProvider tokens, IHttpClientFactory httpClients)
    {
        this.options = options.Value;
        this.octokit = octokit;
        this.tokens = tokens;
        this.httpClients = httpClients;
        tokenClient = new(() => octokit.Create(new InMemoryCredentialStore(new Credentials(this.options.Token))));
        anonymousClient = new(() => octokit.Create(new InMemoryCredentialStore(Credentials.Anonymous)));
        ProcessClient = new Lazy<IGitHubClient>(CreateProcessClient);
    }

    public CredentialKind CredentialKind => options.CredentialKind;

    /// <summary>The process-wide client: with the token, anonymous, or (App) signed per repository from the request path.</summary>
    public Lazy<IGitHubClient> ProcessClient { get; }

    public async Task<GitHubConnection> ForRepositoryAsync(string repository, long? installationId, CancellationToken cancellationToken)
    {
        RepositoryName.Split(repository);
        switch (CredentialKind)
        {
            case CredentialKind.App:
                var id = installationId ?? await tokens.GetInstallationIdAsync(repository, cancellationToken);
                var client = installationClients.GetOrAdd(id, key => new(() => octokit.Create(new InstallationCredentialStore(tokens, key)))).Value;
                return new GitHubConnection(repository, client, CredentialKind.App, id);
            case CredentialKind.Token:
                return new GitHubConnection(repository, tokenClient.Value, CredentialKind.Token, null);
            default:
                return new GitHubConnection(repository, anonymousClient.Value, CredentialKind.Anonymous, null);
        }
    }

    public async Task<AuthenticationHeaderValue?> GetAuthorizationAsync(GitHubConnection connection, CancellationToken cancellationToken) =>
        connection switch
        {
            { Kind: CredentialKind.App, InstallationId: { } id } =>
                new AuthenticationHeaderValue("Bearer", (await tokens.GetTokenAsync(id, cancellationToken)).Value),
            { Kind: CredentialKind.Token } => new AuthenticationHeaderValue("Bearer", options.Token),
            _ => null,
        };

    public async Task ValidateAsync(GitHubConnection connection, CancellationToken cancellationToken)
    {
        if (connection.Kind == CredentialKind.Anonymous)
        {
            return;
        }

        // Both are cheap reads that need nothing but a valid credential; rate_limit does not even count against it.
        var path = connection.Kind == CredentialKind.App ? "installation/repositories?per_page=1" : "rate_limit";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.ApiUrl, path));
        request.Headers.Authorization = await GetAuthorizationAsync(connection, cancellationToken);
        var response = await httpClients.CreateClient(GitHubClientExtensions.HttpClientName).SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw await GitHubCredentialsRevokedException.FromAsync(connection.Kind, response, cancellationToken);
        }

        using (response)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    private IGitHubClient CreateProcessClient() => CredentialKind switch
    {
        CredentialKind.App => octokit.Create(
            new InMemoryCredentialStore(Credentials.Anonymous),
            inner => new RepositoryInstallationHandler(tokens, options.ApiUrl) { InnerHandler = inner }),
        CredentialKind.Token => tokenClient.Value,
        _ => anonymousClient.Value,
    };
}
