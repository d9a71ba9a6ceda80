using Fortify.Core.GitHub;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;

namespace Fortify.Core.Tests.GitHub;

public sealed class InstallationTokenProviderTests
{
    private const string StoreKey = "installation:42";

    [Fact]
    public async Task Twenty_concurrent_callers_share_one_mint()
    {
        var gitHub = new FakeGitHub { MintDelay = TimeSpan.FromMilliseconds(200) };
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings());

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => host.Tokens.GetTokenAsync(42, CancellationToken.None))));

        Assert.Equal(1, gitHub.Mints);
        Assert.All(tokens, token => Assert.Equal("ghs_minted_1", token.Value));
    }

    [Fact]
    public async Task Token_is_minted_with_the_app_jwt()
    {
        var gitHub = new FakeGitHub();
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings());

        await host.Tokens.GetTokenAsync(42, CancellationToken.None);

        var mint = Assert.Single(gitHub.Requests, r => r.Method == "POST");
        Assert.Equal("/app/installations/42/access_tokens", mint.PathAndQuery);
        Assert.Equal("123", new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(mint.Credential).Issuer);
    }

    [Fact]
    public async Task Token_is_renewed_when_less_than_five_minutes_remain()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var gitHub = new FakeGitHub(clock);
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings(), clock);

        var first = await host.Tokens.GetTokenAsync(42, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal(first.Value, (await host.Tokens.GetTokenAsync(42, CancellationToken.None)).Value);

        clock.Advance(TimeSpan.FromMinutes(2));
        var renewed = await host.Tokens.GetTokenAsync(42, CancellationToken.None);

        Assert.Equal("ghs_minted_2", renewed.Value);
        Assert.Equal(2, gitHub.Mints);
    }

    [Fact]
    public async Task Stored_token_is_encrypted_and_reused_by_another_replica()
    {
        var gitHub = new FakeGitHub();
        var keyRing = new EphemeralDataProtectionProvider();
        var table = new InMemoryTokenStore();
        using var first = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings(), keys: keyRing, store: table);
        using var second = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings(), keys: keyRing, store: table);

        var minted = await first.Tokens.GetTokenAsync(42, CancellationToken.None);
        var stored = Assert.Single(table.Rows).Value;
        var reused = await second.Tokens.GetTokenAsync(42, CancellationToken.None);

        Assert.Equal(StoreKey, stored.Key);
        Assert.DoesNotContain(minted.Value, stored.ProtectedToken, StringComparison.Ordinal);
        Assert.Equal(minted.ExpiresAt, stored.ExpiresAt);
        Assert.Equal(minted.Value, reused.Value);
        Assert.Equal(1, gitHub.Mints);
    }

    [Fact]
    public async Task Stored_token_from_another_key_ring_is_not_used()
    {
        var gitHub = new FakeGitHub();
        var table = new InMemoryTokenStore();
        using var first = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings(), store: table);
        using var stranger = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings(), store: table);

        await first.Tokens.GetTokenAsync(42, CancellationToken.None);
        var own = await stranger.Tokens.GetTokenAsync(42, CancellationToken.None);

        Assert.Equal("ghs_minted_2", own.Value);
    }

    [Fact]
    public async Task Invalidate_drops_the_token_from_memory_and_the_table()
    {
        var gitHub = new FakeGitHub();
        var table = new InMemoryTokenStore();
        using var host = GitHubTestHost.Start(gitHub, GitHubTestHost.AppSettings(), store: table);
        await host.Tokens.GetTokenAsync(42, CancellationToken.None);

        await host.Tokens.InvalidateAsync(42, CancellationToken.None);

        Assert.Empty(table.Rows);
        Assert.Equal("ghs_minted_2", (await host.Tokens.GetTokenAsync(42, CancellationToken.None)).Value);
        Assert.True(table.Rows.ContainsKey(StoreKey));
    }
}
