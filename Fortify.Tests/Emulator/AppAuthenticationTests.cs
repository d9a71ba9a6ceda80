using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Fortify.Tests.Emulator;

public sealed class AppAuthenticationTests(EmulatorFactory emulator) : IClassFixture<EmulatorFactory>
{
    private readonly HttpClient _client = emulator.CreateApiClient();

    [Fact]
    public async Task An_app_JWT_buys_an_installation_token_that_reads_a_private_repository_until_revoked()
    {
        await _client.CreateRepositoryAsync("acme/private-app", isPrivate: true);
        var jwt = await AppJwtAsync(DateTimeOffset.UtcNow.AddSeconds(-60), DateTimeOffset.UtcNow.AddMinutes(9));

        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v3/app/installations/1/access_tokens");
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        using var tokenResponse = await _client.SendAsync(tokenRequest);
        Assert.Equal(HttpStatusCode.Created, tokenResponse.StatusCode);
        var issued = await EmulatorControl.JsonOf(tokenResponse);
        var token = issued.GetProperty("token").GetString()!;
        Assert.StartsWith("ghs_", token, StringComparison.Ordinal);
        Assert.EndsWith("Z", issued.GetProperty("expires_at").GetString(), StringComparison.Ordinal);
        Assert.Equal("write", issued.GetProperty("permissions").GetProperty("checks").GetString());

        Assert.Equal(HttpStatusCode.NotFound, await GetStatusAsync("/api/v3/repos/acme/private-app", authorization: null));
        Assert.Equal(HttpStatusCode.OK, await GetStatusAsync("/api/v3/repos/acme/private-app", new AuthenticationHeaderValue("token", token)));

        using (var revoke = await _client.PostAsJsonAsync("/_emulator/tokens/revoke", new { token }))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var revoked = new HttpRequestMessage(HttpMethod.Get, "/api/v3/repos/acme/private-app");
        revoked.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        using var response = await _client.SendAsync(revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bad credentials", (await EmulatorControl.JsonOfAnyStatus(response)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_JWT_that_lives_longer_than_ten_minutes_or_is_signed_by_another_key_is_refused()
    {
        var tooLong = await AppJwtAsync(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(30));
        using var otherKey = RSA.Create(2048);
        var foreign = Jwt(otherKey, "1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5));
        var wrongIssuer = await AppJwtAsync(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5), issuer: "999");

        foreach (var jwt in (string[])[tooLong, foreign, wrongIssuer])
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v3/app/installations/1/access_tokens");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
            using var response = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("A JSON web token could not be decoded", (await EmulatorControl.JsonOfAnyStatus(response)).GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task The_app_and_the_repositorys_installation_answer_to_the_JWT()
    {
        await _client.CreateRepositoryAsync("acme/installed");
        var jwt = new AuthenticationHeaderValue("Bearer", await AppJwtAsync(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5)));

        using var installation = new HttpRequestMessage(HttpMethod.Get, "/api/v3/repos/acme/installed/installation");
        installation.Headers.Authorization = jwt;
        using var response = await _client.SendAsync(installation);
        var json = await EmulatorControl.JsonOf(response);
        Assert.Equal((1, 1, "acme"), (json.GetProperty("id").GetInt32(), json.GetProperty("app_id").GetInt32(), json.GetProperty("account").GetProperty("login").GetString()));

        Assert.Equal(HttpStatusCode.OK, await GetStatusAsync("/api/v3/app", jwt));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetStatusAsync("/api/v3/app", authorization: null));
    }

    [Fact]
    public async Task Configured_personal_tokens_are_accepted_and_unknown_ones_are_bad_credentials()
    {
        await _client.CreateRepositoryAsync("acme/pat");

        Assert.Equal(HttpStatusCode.OK, await GetStatusAsync("/api/v3/repos/acme/pat", new AuthenticationHeaderValue("token", EmulatorFactory.ConfiguredPersonalToken)));
        Assert.Equal(HttpStatusCode.OK, await GetStatusAsync("/api/v3/repos/acme/pat", new AuthenticationHeaderValue("Bearer", EmulatorFactory.ConfiguredPersonalToken)));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetStatusAsync("/api/v3/repos/acme/pat", new AuthenticationHeaderValue("token", "ghp_unknown")));
        Assert.Equal(HttpStatusCode.OK, await GetStatusAsync("/api/v3/repos/acme/pat", authorization: null));
    }

    [Fact]
    public async Task Every_REST_answer_carries_GitHubs_rate_limit_headers()
    {
        var token = await _client.MintTokenAsync("personal");
        using var first = new HttpRequestMessage(HttpMethod.Get, "/api/v3/repos/acme/none");
        using var firstResponse = await _client.SendAsync(first.WithToken(token));
        using var second = new HttpRequestMessage(HttpMethod.Get, "/api/v3/repos/acme/none");
        using var secondResponse = await _client.SendAsync(second.WithToken(token));

        Assert.Equal("5000", firstResponse.Headers.GetValues("x-ratelimit-limit").Single());
        Assert.Equal("core", firstResponse.Headers.GetValues("x-ratelimit-resource").Single());
        Assert.Equal(("4999", "1"), (firstResponse.Headers.GetValues("x-ratelimit-remaining").Single(), firstResponse.Headers.GetValues("x-ratelimit-used").Single()));
        Assert.Equal(("4998", "2"), (secondResponse.Headers.GetValues("x-ratelimit-remaining").Single(), secondResponse.Headers.GetValues("x-ratelimit-used").Single()));
        Assert.True(long.Parse(secondResponse.Headers.GetValues("x-ratelimit-reset").Single(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        using var rateLimit = new HttpRequestMessage(HttpMethod.Get, "/api/v3/rate_limit");
        using var rateLimitResponse = await _client.SendAsync(rateLimit.WithToken(token));
        Assert.Equal(4998, (await EmulatorControl.JsonOf(rateLimitResponse)).GetProperty("resources").GetProperty("core").GetProperty("remaining").GetInt32());
    }

    private async Task<HttpStatusCode> GetStatusAsync(string path, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A JWT signed with the private key the emulator hands out for development.</summary>
    private async Task<string> AppJwtAsync(DateTimeOffset issuedAt, DateTimeOffset expires, string? issuer = null)
    {
        using var response = await _client.GetAsync("/_emulator/app");
        var app = await EmulatorControl.JsonOf(response);
        using var key = RSA.Create();
        key.ImportFromPem(app.GetProperty("private_key").GetString());
        return Jwt(key, issuer ?? app.GetProperty("app_id").GetString()!, issuedAt, expires);
    }

    /// <summary>Signed by hand, as GitHub's docs show, so the test shares no JWT code with the emulator.</summary>
    private static string Jwt(RSA key, string issuer, DateTimeOffset issuedAt, DateTimeOffset expires)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { iat = issuedAt.ToUnixTimeSeconds(), exp = expires.ToUnixTimeSeconds(), iss = issuer }));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
