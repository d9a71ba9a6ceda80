using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Octokit;

namespace Fortify.Core.GitHub;

/// <summary>
/// Installation access tokens of Fortify's GitHub App: from memory, else from the <c>github_tokens</c> table (so
/// every replica reuses a token another minted), else minted by GitHub. One mint per installation at a time.
/// </summary>
public sealed class InstallationTokenProvider
{
    public const string ProtectorPurpose = "Fortify.GitHub.Tokens";

    // GitHub's tokens live an hour; renewing with minutes to spare keeps a long call from outliving its token.
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan InstallationLookupLifetime = TimeSpan.FromHours(1);

    private readonly IGitHubTokenStore store;
    private readonly IDataProtector protector;
    private readonly TimeProvider clock;
    private readonly ILogger<InstallationTokenProvider> logger;
    private readonly Lazy<IGitHubClient> app;
    private readonly ConcurrentDictionary<long, InstallationAccessToken> current = new();
    private readonly ConcurrentDictionary<long, SemaphoreSlim> gates = new();
    private readonly ConcurrentDictionary<string, (long InstallationId, DateTimeOffset ExpiresAt)> issued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long InstallationId, DateTimeOffset ResolvedAt)> installations = new(StringComparer.OrdinalIgnoreCase);

    internal InstallationTokenProvider(
        GitHubAppJwt jwt,
        OctokitClients octokit,
        IGitHubTokenStore store,
        IDataProtectionProvider dataProtection,
        TimeProvider clock,
        ILogger<InstallationTokenProvider> logger)
    {
        this.store = store;
        protector = dataProtection.CreateProtector(ProtectorPurpose);
        this.clock = clock;
        this.logger = logger;
        // Lazy: building it resolves the "github" handler chain, which itself depends on this provider.
        app = new Lazy<IGitHubClient>(() => octokit.Create(new AppJwtCredentialStore(jwt)));
    }

    public async Task<InstallationAccessToken> GetTokenAsync(long installationId, CancellationToken cancellationToken)
    {
        if (TryGetFresh(installationId, out var token))
        {
            return token;
        }

        var gate = gates.GetOrAdd(installationId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (TryGetFresh(installationId, out token))
            {
                return token;
            }

            return await LoadStoredAsync(installationId, cancellationToken) ?? await MintAsync(installationId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets the installation's token here and in the table, so the next call mints a new one.</summary>
    public async Task InvalidateAsync(long installationId, CancellationToken cancellationToken)
    {
        var gate = gates.GetOrAdd(installationId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await ForgetAsync(installationId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The installation of Fortify's App on <paramref name="repository"/> (owner/name), looked up once an hour.</summary>
    public async Task<long> GetInstallationIdAsync(string repository, CancellationToken cancellationToken)
    {
        if (installations.TryGetValue(repository, out var known) && clock.GetUtcNow() - known.ResolvedAt < InstallationLookupLifetime)
        {
            return known.InstallationId;
        }

        var (owner, name) = RepositoryName.Split(repository);
        var installation = await app.Value.GitHubApps.GetRepositoryInstallationForCurrent(owner, name).WaitAsync(cancellationToken);
        installations[repository] = (installation.Id, clock.GetUtcNow());
        return installation.Id;
    }

    /// <summary>Whether <paramref name="token"/> is an installation token handed out here, and for which installation.</summary>
    internal bool TryGetInstallationOf(string token, out long installationId)
    {
        installationId = issued.TryGetValue(token, out var entry) ? entry.InstallationId : 0;
        return installationId != 0;
    }

    /// <summary>
    /// A token to use instead of one GitHub rejected: the one another caller already renewed, or a new one. The
    /// rejected token is never taken from memory or the table again.
    /// </summary>
    internal async Task<InstallationAccessToken> RenewAsync(long installationId, string rejected, CancellationToken cancellationToken)
    {
        var gate = gates.GetOrAdd(installationId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (TryGetFresh(installationId, out var renewed) && renewed.Value != rejected)
            {
                return renewed;
            }

            logger.LogWarning("GitHub rejected the token of installation {InstallationId}; minting another", installationId);
            await ForgetAsync(installationId, cancellationToken);
            return await MintAsync(installationId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private bool TryGetFresh(long installationId, out InstallationAccessToken token) =>
        current.TryGetValue(installationId, out token!) && IsFresh(token.ExpiresAt);

    private bool IsFresh(DateTimeOffset expiresAt) => expiresAt - clock.GetUtcNow() > RenewBefore;

    private async Task<InstallationAccessToken?> LoadStoredAsync(long installationId, CancellationToken cancellationToken)
    {
        StoredGitHubToken? stored;
        try
        {
            stored = await store.FindAsync(StoreKey(installationId), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The table only saves mints; without it each replica mints its own token.
            logger.LogWarning(exception, "Could not read the stored token of installation {InstallationId}", installationId);
            return null;
        }

        if (stored is null || !IsFresh(stored.ExpiresAt))
        {
            return null;
        }

        try
        {
            return Remember(installationId, new InstallationAccessToken(protector.Unprotect(stored.ProtectedToken), stored.ExpiresAt));
        }
        catch (System.Security.Cryptography.CryptographicException exception)
        {
            logger.LogWarning(exception, "The stored token of installation {InstallationId} cannot be decrypted with this key ring", installationId);
            return null;
        }
    }

    private async Task<InstallationAccessToken> MintAsync(long installationId, CancellationToken cancellationToken)
    {
        var minted = await app.Value.GitHubApps.CreateInstallationToken(installationId).WaitAsync(cancellationToken);
        if (string.IsNullOrEmpty(minted?.Token))
        {
            throw new InvalidOperationException($"GitHub answered the token request for installation {installationId} without a token.");
        }

        var token = Remember(installationId, new InstallationAccessToken(minted.Token, minted.ExpiresAt));
        try
        {
            await store.SaveAsync(
                new StoredGitHubToken
                {
                    Key = StoreKey(installationId),
                    ProtectedToken = protector.Protect(token.Value),
                    ExpiresAt = token.ExpiresAt,
                    UpdatedAt = clock.GetUtcNow(),
                },
                cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not store the new token of installation {InstallationId}", installationId);
        }

        return token;
    }

    private async Task ForgetAsync(long installationId, CancellationToken cancellationToken)
    {
        current.TryRemove(installationId, out _);
        try
        {
            await store.RemoveAsync(StoreKey(installationId), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The next mint overwrites the row anyway.
            logger.LogWarning(exception, "Could not remove the stored token of installation {InstallationId}", installationId);
        }
    }

    private InstallationAccessToken Remember(long installationId, InstallationAccessToken token)
    {
        var now = clock.GetUtcNow();
        foreach (var (value, entry) in issued)
        {
            if (entry.ExpiresAt <= now)
            {
                issued.TryRemove(value, out _);
            }
        }

        // Kept after renewal too: a request still carrying the old token must be recognised when GitHub rejects it.
        issued[token.Value] = (installationId, token.ExpiresAt);
        current[installationId] = token;
        return token;
    }

    private static string StoreKey(long installationId) => $"installation:{installationId}";
}
