using Fortify.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fortify.Core.GitHub;

/// <summary>The <c>github_tokens</c> table. A scope per call: the provider using it is a singleton.</summary>
internal sealed class EfGitHubTokenStore(IServiceScopeFactory scopes) : IGitHubTokenStore
{
    public async Task<StoredGitHubToken?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FortifyDbContext>();
        return await db.GitHubTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Key == key, cancellationToken);
    }

    public async Task SaveAsync(StoredGitHubToken token, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FortifyDbContext>();
        var updated = await db.GitHubTokens.Where(t => t.Key == token.Key).ExecuteUpdateAsync(
            set => set
                .SetProperty(t => t.ProtectedToken, token.ProtectedToken)
                .SetProperty(t => t.ExpiresAt, token.ExpiresAt)
                .SetProperty(t => t.UpdatedAt, token.UpdatedAt),
            cancellationToken);
        if (updated > 0)
        {
            return;
        }

        db.GitHubTokens.Add(token);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica inserted the key first; its token is as good as this one.
        }
    }

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FortifyDbContext>();
        await db.GitHubTokens.Where(t => t.Key == key).ExecuteDeleteAsync(cancellationToken);
    }
}
