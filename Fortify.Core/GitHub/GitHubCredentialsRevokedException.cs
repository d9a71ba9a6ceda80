using System.Net;
using Octokit;

namespace Fortify.Core.GitHub;

/// <summary>
/// GitHub refused a credential Fortify holds, even freshly minted: the App was uninstalled or suspended, or the token
/// was revoked. Retrying cannot help. An <see cref="AuthorizationException"/>, so Octokit callers and the worker's
/// failure classification treat it as they treat Octokit's own 401.
/// </summary>
public sealed class GitHubCredentialsRevokedException : AuthorizationException
{
    private readonly string message;

    public GitHubCredentialsRevokedException(CredentialKind kind, IResponse response)
        : base(response)
    {
        Kind = kind;
        message = kind switch
        {
            CredentialKind.App => "GitHub refused Fortify's App installation token even after minting a new one: the App was uninstalled or suspended, or lost access.",
            CredentialKind.Token => "GitHub refused Fortify's access token (GitHub:Token): it was revoked or has expired.",
            _ => "GitHub refused Fortify's credentials.",
        };
    }

    public CredentialKind Kind { get; }

    public override string Message => message;

    internal static async Task<GitHubCredentialsRevokedException> FromAsync(CredentialKind kind, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            return new GitHubCredentialsRevokedException(
                kind,
                new RejectedResponse(body, headers, response.Content.Headers.ContentType?.MediaType));
        }
    }

    /// <summary>GitHub's 401 as Octokit's exceptions carry it (Octokit's own response type is internal).</summary>
    private sealed record RejectedResponse(object Body, IReadOnlyDictionary<string, string> Headers, string? ContentType) : IResponse
    {
        public ApiInfo? ApiInfo => null;
        public HttpStatusCode StatusCode => HttpStatusCode.Unauthorized;
    }
}
