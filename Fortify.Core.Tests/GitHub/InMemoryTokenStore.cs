using System.Collections.Concurrent;
using Fortify.Core.GitHub;

namespace Fortify.Core.Tests.GitHub;

/// <summary>The github_tokens table, as the replicas sharing it see it.</summary>
internal sealed class InMemoryTokenStore : IGitHubTokenStore
{
    public ConcurrentDictionary<string, StoredGitHubToken> Rows { get; } = new();

    public Task<StoredGitHubToken?> FindAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(Rows.TryGetValue(key, out var row) ? Copy(row) : null);

    public Task SaveAsync(StoredGitHubToken token, CancellationToken cancellationToken)
    {
        Rows[token.Key] = Copy(token);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        Rows.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    private static StoredGitHubToken Copy(StoredGitHubToken token) => new()
    {
        Key = token.Key,
        ProtectedToken = token.ProtectedToken,
        ExpiresAt = token.ExpiresAt,
        UpdatedAt = token.UpdatedAt,
    };
}
