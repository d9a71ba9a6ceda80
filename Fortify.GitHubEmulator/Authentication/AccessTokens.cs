using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Fortify.GitHubEmulator.Authentication;

internal enum TokenKind
{
    Installation,
    Personal,
}

internal sealed record AccessToken(string Value, TokenKind Kind, long? InstallationId, DateTimeOffset? ExpiresAt, bool Revoked = false);

/// <summary>Every token the emulator accepts: minted installation and personal tokens, and the configured personal ones.</summary>
internal sealed class AccessTokens
{
    public static readonly TimeSpan InstallationTokenLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan PersonalTokenLifetime = TimeSpan.FromDays(30);
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly ConcurrentDictionary<string, AccessToken> _byValue = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public AccessTokens(IOptions<EmulatorOptions> options, TimeProvider clock)
    {
        _clock = clock;
        foreach (var token in (options.Value.PersonalTokens ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            _byValue[token] = new AccessToken(token, TokenKind.Personal, null, null);
        }
    }

    public AccessToken Mint(TokenKind kind, long? installationId)
    {
        // GitHub's prefixes: ghs_ for installation (server-to-server) tokens, ghp_ for personal ones.
        var prefix = kind == TokenKind.Installation ? "ghs_" : "ghp_";
        var lifetime = kind == TokenKind.Installation ? InstallationTokenLifetime : PersonalTokenLifetime;
        var token = new AccessToken(
            prefix + RandomNumberGenerator.GetString(Alphabet, 36), kind, installationId, _clock.GetUtcNow() + lifetime);
        _byValue[token.Value] = token;
        return token;
    }

    public bool Revoke(string value)
    {
        while (_byValue.TryGetValue(value, out var token))
        {
            if (_byValue.TryUpdate(value, token with { Revoked = true }, token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The token, when it is known, not revoked and not expired.</summary>
    public AccessToken? Find(string value) =>
        _byValue.TryGetValue(value, out var token) && !token.Revoked && (token.ExpiresAt is null || token.ExpiresAt > _clock.GetUtcNow())
            ? token
            : null;
}
