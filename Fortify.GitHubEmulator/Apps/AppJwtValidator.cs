using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fortify.GitHubEmulator.Apps;

/// <summary>Checks an app JWT as GitHub does: RS256 by the app's key, <c>iss</c> the app id, <c>exp</c> at most ten minutes ahead.</summary>
internal sealed class AppJwtValidator(AppKeys keys, TimeProvider clock)
{
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);

    /// <summary>GitHub tolerates clocks a little out of step; its docs suggest issuing 60 seconds in the past.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    private readonly JsonWebTokenHandler _handler = new();

    public string AppId => keys.AppId;

    public static bool LooksLikeJwt(string credential) => credential.Count(c => c == '.') == 2;

    public async Task<bool> IsValidAsync(string jwt)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var result = await _handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = keys.VerificationKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            // iss may be a JSON number or string; compared below.
            ValidateIssuer = false,
            ValidateAudience = false,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = (_, expires, _, _) => expires is { } exp && exp > now - ClockSkew && exp <= now + MaxLifetime + ClockSkew,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return false;
        }

        var issuer = token.Claims.FirstOrDefault(c => c.Type == JwtRegisteredClaimNames.Iss)?.Value;
        var issuedAt = token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var iat) ? DateTimeOffset.FromUnixTimeSeconds(iat).UtcDateTime : (DateTime?)null;
        return issuer == keys.AppId && issuedAt is { } issued && issued <= now + ClockSkew && token.ValidTo > issued;
    }
}
