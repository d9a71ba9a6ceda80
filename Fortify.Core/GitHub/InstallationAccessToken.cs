namespace Fortify.Core.GitHub;

/// <summary>An installation access token and when GitHub stops accepting it (an hour after it was minted).</summary>
public sealed record InstallationAccessToken(string Value, DateTimeOffset ExpiresAt)
{
    // Never written to logs by accident.
    public override string ToString() => $"installation token expiring {ExpiresAt:O}";
}
