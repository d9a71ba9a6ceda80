using System.Security.Cryptography;
using Fortify.Core.GitHub;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fortify.Core.Tests.GitHub;

public sealed class GitHubAppJwtTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Jwt_is_RS256_signed_by_the_app_key_with_iss_iat_and_exp()
    {
        using var jwt = CreateJwt();

        var token = jwt.GetToken();

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, Validation(PublicKey(GitHubTestHost.AppKey)));
        Assert.True(result.IsValid, result.Exception?.Message);
        var parsed = new JsonWebToken(token);
        Assert.Equal("RS256", parsed.Alg);
        Assert.Equal("123", parsed.Issuer);
        Assert.Equal(clock.GetUtcNow().AddSeconds(-60).UtcDateTime, parsed.IssuedAt);
        Assert.Equal(clock.GetUtcNow().AddMinutes(9).UtcDateTime, parsed.ValidTo);
    }

    [Fact]
    public async Task Jwt_does_not_verify_with_another_key()
    {
        using var jwt = CreateJwt();
        using var otherKey = RSA.Create(2048);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt.GetToken(), Validation(PublicKey(otherKey)));

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Jwt_is_reused_until_a_minute_before_it_expires()
    {
        using var jwt = CreateJwt();
        var first = jwt.GetToken();

        clock.Advance(TimeSpan.FromMinutes(7.5));
        Assert.Same(first, jwt.GetToken());

        clock.Advance(TimeSpan.FromMinutes(1));
        var second = jwt.GetToken();
        Assert.NotEqual(first, second);
        Assert.Equal(clock.GetUtcNow().AddMinutes(9).UtcDateTime, new JsonWebToken(second).ValidTo);
    }

    private GitHubAppJwt CreateJwt() => new(
        Options.Create(new GitHubOptions { App = new GitHubAppOptions { Id = 123, PrivateKey = GitHubTestHost.AppKey.ExportRSAPrivateKeyPem() } }),
        clock);

    private static RsaSecurityKey PublicKey(RSA key) => new(key.ExportParameters(includePrivateParameters: false));

    private static TokenValidationParameters Validation(SecurityKey key) => new()
    {
        IssuerSigningKey = key,
        ValidIssuer = "123",
        ValidateAudience = false,
        // The JWT is dated by the fake clock, years from now.
        ValidateLifetime = false,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
    };
}
