using Fortify.Core.GitHub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Octokit;

namespace Fortify.Core.Tests.GitHub;

public sealed class GitHubClientFactoryTests
{
    [Fact]
    public async Task App_wins_over_a_token_and_resolves_the_installation_once()
    {
        var gitHub = new FakeGitHub();
        var settings = GitHubTestHost.AppSettings();
        settings["GitHub:Token"] = GitHubTestHost.Pat;
        using var host = GitHubTestHost.Start(gitHub, settings);

        var connection = await host.Factory.ForRepositoryAsync("o/r", null, CancellationToken.None);
        await connection.Client.Repository.Get("o", "r");
        var again = await host.Factory.ForRepositoryAsync("o/r", null, CancellationToken.None);

        Assert.Equal(CredentialKind.App, connection.Kind);
        Assert.True(connection.CanWriteChecks);
        Assert.Equal(FakeGitHub.InstallationId, again.InstallationId);
        Assert.Equal(1, gitHub.Count("GET", "/repos/o/r/installation"));
        Assert.Equal("ghs_minted_1", Assert.Single(gitHub.Requests, r => r.PathAndQuery == "/repos/o/r").Credential);
        Assert.Equal("Bearer ghs_minted_1", (await host.Factory.GetAuthorizationAsync(connection, CancellationToken.None))?.ToString());
    }

    [Fact]
    public async Task Token_alone_reads_but_cannot_write_checks()
    {
        var gitHub = new FakeGitHub();
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.TokenSettings());

        var connection = await host.Factory.ForRepositoryAsync("o/r", null, CancellationToken.None);
        await connection.Client.Repository.Get("o", "r");

        Assert.Equal(CredentialKind.Token, connection.Kind);
        Assert.False(connection.CanWriteChecks);
        Assert.Equal(GitHubTestHost.Pat, Assert.Single(gitHub.Requests).Credential);
    }

    [Fact]
    public async Task Neither_app_nor_token_means_anonymous()
    {
        var gitHub = new FakeGitHub();
        using var host = GitHubTestHost.Start(gitHub, []);

        var connection = await host.Factory.ForRepositoryAsync("o/r", null, CancellationToken.None);
        await connection.Client.Repository.Get("o", "r");

        Assert.Equal(CredentialKind.Anonymous, connection.Kind);
        Assert.Null(await host.Factory.GetAuthorizationAsync(connection, CancellationToken.None));
        Assert.Null(Assert.Single(gitHub.Requests).Credential);
    }

    [Fact]
    public async Task Process_wide_client_in_app_mode_signs_each_repository_with_its_installation()
    {
        var gitHub = new FakeGitHub();
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings());

        await host.Services.GetRequiredService<IGitHubClient>().Repository.Get("o", "r");

        Assert.Equal("ghs_minted_1", Assert.Single(gitHub.Requests, r => r.PathAndQuery == "/repos/o/r").Credential);
    }

    [Fact]
    public async Task Enterprise_base_url_is_served_under_api_v3()
    {
        var gitHub = new FakeGitHub();
        var settings = GitHubTestHost.AppSettings();
        settings["GitHub:BaseUrl"] = "http://emulator:8080";
        using var host = GitHubTestHost.Start(gitHub, settings);

        await host.Services.GetRequiredService<IGitHubClient>().Repository.Get("o", "r");

        Assert.Contains(gitHub.Requests, r => r.PathAndQuery == "/api/v3/app/installations/42/access_tokens");
        Assert.Equal("ghs_minted_1", Assert.Single(gitHub.Requests, r => r.PathAndQuery == "/api/v3/repos/o/r").Credential);
    }

    [Theory]
    [InlineData("GitHub:App:Id", "123", "private key")]
    [InlineData("GitHub:App:PrivateKeyPath", "/nonexistent/key.pem", "GitHub:App:Id")]
    [InlineData("GitHub:App:PrivateKey", "not a pem", "GitHub:App:Id")]
    public void Incomplete_app_settings_fail_validation(string key, string value, string expected)
    {
        using var host = GitHubTestHost.Start(new FakeGitHub(), new Dictionary<string, string?> { [key] = value });

        var invalid = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<GitHubOptions>>().Value);

        Assert.Contains(expected, invalid.Message, StringComparison.Ordinal);
    }
}
