using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fortify.Core.GitHub;

/// <summary>
/// The JWT a GitHub App signs in with (RS256, <c>iss</c> = the App id). GitHub caps its life at 10 minutes; one is
/// reused until a minute before it expires, so a burst of installation-token mints signs once.
/// </summary>
public sealed class GitHubAppJwt : IDisposable
{
    // Backdated because GitHub rejects an iat ahead of its own clock.
    private static readonly TimeSpan Backdate = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);

    private readonly GitHubAppOptions app;
    private readonly TimeProvider clock;
    private readonly Lazy<RSA> key;
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly Lock gate = new();
    private (string Token, DateTimeOffset ExpiresAt)? current;

    public GitHubAppJwt(IOptions<GitHubOptions> options, TimeProvider clock)
    {
        app = options.Value.App;
        this.clock = clock;
        // Read on first use: a process without an App never needs the key.
        key = new Lazy<RSA>(() =>
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(app.ReadPrivateKey());
            return rsa;
        });
    }

    public string GetToken()
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (current is { } jwt && jwt.ExpiresAt - now > RenewBefore)
            {
                return jwt.Token;
            }

            var expiresAt = now + Lifetime;
            var token = handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = (app.Id ?? throw new InvalidOperationException("GitHub:App:Id is not set.")).ToString(CultureInfo.InvariantCulture),
                IssuedAt = (now - Backdate).UtcDateTime,
                Expires = expiresAt.UtcDateTime,
                SigningCredentials = new SigningCredentials(new RsaSecurityKey(key.Value), SecurityAlgorithms.RsaSha256)
                {
                    // The shared cache keys providers by key material, and would hand out one bound to a disposed RSA.
                    CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
                },
            });
            current = (token, expiresAt);
            return token;
        }
    }

    public void Dispose()
    {
        if (key.IsValueCreated)
        {
            key.Value.Dispose();
        }
    }
}
