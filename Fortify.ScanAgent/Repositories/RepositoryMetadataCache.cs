using Fortify.Core.GitHub;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Octokit;
using StackExchange.Redis;

namespace Fortify.ScanAgent.Repositories;

/// <summary>
/// Read-through cache of repository metadata: in memory, then Redis (shared by every agent replica), then GitHub.
/// HybridCache lets one caller fetch while the others wait, so a burst for one repository costs one GitHub call.
/// </summary>
internal sealed class RepositoryMetadataCache(HybridCache cache, IGitHubClient gitHub, ILogger<RepositoryMetadataCache> logger)
{
    private static readonly HybridCacheEntryOptions Entry = new()
    {
        Expiration = TimeSpan.FromMinutes(10),
        LocalCacheExpiration = TimeSpan.FromMinutes(1),
    };

    // A delivery must be answered within GitHub's 10 seconds; a slow GitHub only costs the job its metadata.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1.5);

    /// <summary>The metadata, or null when GitHub cannot say in time (the scan goes on with what the delivery says).</summary>
    public async Task<RepositoryMetadata?> GetAsync(string repository, CancellationToken cancellationToken)
    {
        try
        {
            // The fetch itself goes on after a time-out and fills the cache for the next delivery.
            var cached = await cache.GetOrCreateAsync(
                $"fortify:repository-metadata:{repository}",
                repository,
                FetchAsync,
                Entry,
                cancellationToken: CancellationToken.None).AsTask().WaitAsync(Patience, cancellationToken);
            return cached.Found ? new RepositoryMetadata(cached.DefaultBranch!, cached.Visibility!) : null;
        }
        catch (TimeoutException)
        {
            logger.LogInformation("GitHub took longer than {Patience} for {Repository}'s metadata", Patience, repository);
            return null;
        }
    }

    private async ValueTask<CachedMetadata> FetchAsync(string repository, CancellationToken cancellationToken)
    {
        var (owner, name) = RepositoryName.Split(repository);
        try
        {
            var found = await gitHub.Repository.Get(owner, name);
            return new CachedMetadata(true, found.DefaultBranch, found.Visibility?.ToString().ToLowerInvariant() ?? (found.Private ? "private" : "public"));
        }
        catch (Exception exception) when (exception is NotFoundException or ApiException or HttpRequestException)
        {
            logger.LogInformation("GitHub has no metadata for {Repository}: {Reason}", repository, exception.Message);
            return new CachedMetadata(false, null, null);
        }
    }

    /// <summary>What is cached, including "GitHub does not know it", so a burst for a missing repository is one call too.</summary>
    internal sealed record CachedMetadata(bool Found, string? DefaultBranch, string? Visibility);
}

internal static class RepositoryMetadataExtensions
{
    public static void AddRepositoryMetadata(this IHostApplicationBuilder builder)
    {
        builder.AddGitHubClient();
        builder.Services.AddStackExchangeRedisCache(_ => { });
        builder.Services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
        {
            options.ConnectionMultiplexerFactory = () => Task.FromResult(redis);
            options.InstanceName = "fortify:cache:";
        });
        builder.Services.AddHybridCache();
        builder.Services.AddSingleton<RepositoryMetadataCache>();
    }
}
