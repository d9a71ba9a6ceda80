using System.Net;
using Fortify.Core.GitHub;
using Octokit;

namespace Fortify.Core.Tests.GitHub;

public sealed class CredentialRenewalTests
{
    private static HttpResponseMessage Unauthorized() => FakeGitHub.Json(HttpStatusCode.Unauthorized, """{"message":"Bad credentials"}""");

    [Fact]
    public async Task Installation_token_rejected_once_is_reminted_and_the_request_sent_again()
    {
        var gitHub = new FakeGitHub();
        gitHub.Api = request => request.Headers.Authorization?.Parameter == "ghs_minted_1"
            ? Unauthorized()
            : FakeGitHub.Json(HttpStatusCode.OK, FakeGitHub.Repository);
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings());
        var connection = await host.Factory.ForRepositoryAsync("o/r", FakeGitHub.InstallationId, CancellationToken.None);

        var repository = await connection.Client.Repository.Get("o", "r");

        Assert.Equal("main", repository.DefaultBranch);
        Assert.Equal(2, gitHub.Mints);
        Assert.Equal(["ghs_minted_1", "ghs_minted_2"], gitHub.Requests.Where(r => r.PathAndQuery == "/repos/o/r").Select(r => r.Credential));
        // The renewed token is the one every later call uses.
        await connection.Client.Repository.Get("o", "r");
        Assert.Equal(2, gitHub.Mints);
    }

    [Fact]
    public async Task Installation_token_rejected_twice_surfaces_as_AuthorizationException()
    {
        var gitHub = new FakeGitHub { Api = _ => Unauthorized() };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings());
        var connection = await host.Factory.ForRepositoryAsync("o/r", FakeGitHub.InstallationId, CancellationToken.None);

        var refused = await Assert.ThrowsAnyAsync<AuthorizationException>(() => connection.Client.Repository.Get("o", "r"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(CredentialKind.App, Assert.IsType<GitHubCredentialsRevokedException>(refused).Kind);
        Assert.Equal(2, gitHub.Count("GET", "/repos/o/r"));
        Assert.Equal(2, gitHub.Mints);
    }

    [Fact]
    public async Task Personal_access_token_rejected_is_not_retried()
    {
        var gitHub = new FakeGitHub { Api = _ => Unauthorized() };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.TokenSettings());
        var connection = await host.Factory.ForRepositoryAsync("o/r", null, CancellationToken.None);

        var refused = await Assert.ThrowsAnyAsync<AuthorizationException>(() => connection.Client.Repository.Get("o", "r"));

        Assert.Equal(CredentialKind.Token, Assert.IsType<GitHubCredentialsRevokedException>(refused).Kind);
        Assert.Equal(1, gitHub.Count("GET", "/repos/o/r"));
        Assert.Equal(0, gitHub.Mints);
    }

    [Fact]
    public async Task Raw_HttpClient_caller_gets_the_same_renewal()
    {
        var gitHub = new FakeGitHub();
        gitHub.Api = request => request.Headers.Authorization?.Parameter == "ghs_minted_1"
            ? Unauthorized()
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3]) };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings());
        var connection = await host.Factory.ForRepositoryAsync("o/r", FakeGitHub.InstallationId, CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Get, "repos/o/r/tarball/abc");
        request.Headers.Authorization = await host.Factory.GetAuthorizationAsync(connection, CancellationToken.None);

        using var response = await host.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([1, 2, 3], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, gitHub.Count("GET", "/repos/o/r/tarball/abc"));
    }

    [Fact]
    public async Task Raw_HttpClient_caller_rejected_twice_gets_GitHubCredentialsRevokedException()
    {
        var gitHub = new FakeGitHub { Api = _ => Unauthorized() };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings());
        var connection = await host.Factory.ForRepositoryAsync("o/r", FakeGitHub.InstallationId, CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Get, "repos/o/r/tarball/abc");
        request.Headers.Authorization = await host.Factory.GetAuthorizationAsync(connection, CancellationToken.None);

        await Assert.ThrowsAsync<GitHubCredentialsRevokedException>(() => host.HttpClient.SendAsync(request));
    }

    [Fact]
    public async Task ValidateAsync_on_a_revoked_installation_token_throws_GitHubCredentialsRevokedException()
    {
        var gitHub = new FakeGitHub { Api = _ => Unauthorized() };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings());
        var connection = await host.Factory.ForRepositoryAsync("o/r", FakeGitHub.InstallationId, CancellationToken.None);

        var revoked = await Assert.ThrowsAsync<GitHubCredentialsRevokedException>(() => host.Factory.ValidateAsync(connection, CancellationToken.None));

        Assert.Equal(CredentialKind.App, revoked.Kind);
        Assert.Equal(2, gitHub.Count("GET", "/installation/repositories?per_page=1"));
    }

    [Fact]
    public async Task ValidateAsync_on_a_revoked_personal_access_token_throws_GitHubCredentialsRevokedException()
    {
        var gitHub = new FakeGitHub { Api = _ => Unauthorized() };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.TokenSettings());
        var connection = await host.Factory.ForRepositoryAsync("o/r", null, CancellationToken.None);

        var revoked = await Assert.ThrowsAsync<GitHubCredentialsRevokedException>(() => host.Factory.ValidateAsync(connection, CancellationToken.None));

        Assert.Equal(CredentialKind.Token, revoked.Kind);
        Assert.Equal(GitHubTestHost.Pat, Assert.Single(gitHub.Requests, r => r.PathAndQuery == "/rate_limit").Credential);
    }

    [Fact]
    public async Task ValidateAsync_accepts_a_working_installation_token()
    {
        var gitHub = new FakeGitHub { Api = _ => FakeGitHub.Json(HttpStatusCode.OK, """{"total_count":1,"repositories":[]}""") };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings());
        var connection = await host.Factory.ForRepositoryAsync("o/r", FakeGitHub.InstallationId, CancellationToken.None);

        await host.Factory.ValidateAsync(connection, CancellationToken.None);

        Assert.Equal("ghs_minted_1", Assert.Single(gitHub.Requests, r => r.PathAndQuery == "/installation/repositories?per_page=1").Credential);
    }
}
