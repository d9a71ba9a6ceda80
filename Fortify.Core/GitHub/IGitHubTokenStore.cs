namespace Fortify.Core.GitHub;

/// <summary>Where tokens are shared between replicas; it holds them only as encrypted text.</summary>
public interface IGitHubTokenStore
{
    Task<StoredGitHubToken?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the token under its key.</summary>
    Task SaveAsync(StoredGitHubToken token, CancellationToken cancellationToken);

    Task RemoveAsync(string key, CancellationToken cancellationToken);
}
