using Fortify.Core.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;

namespace Fortify.Core.GitHub;

public static class GitHubClientExtensions
{
    public const string HttpClientName = "github";

    /// <summary>
    /// GitHub access for the process: <see cref="IGitHubClientFactory"/> (per-repository clients), the process-wide
    /// <see cref="IGitHubClient"/>, the named "github" HttpClient with credential renewal and GitHub's resilience
    /// pipeline, and Data Protection with its key ring in the database (installation tokens are stored encrypted).
    /// </summary>
    public static IHostApplicationBuilder AddGitHubClient(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GitHubOptions>().Bind(builder.Configuration.GetSection(GitHubOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubOptions>, GitHubOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddDataProtection().SetApplicationName("Fortify").PersistKeysToDbContext<FortifyDbContext>();

        services.TryAddSingleton<IGitHubTokenStore, EfGitHubTokenStore>();
        services.TryAddSingleton<GitHubAppJwt>();
        services.TryAddSingleton<OctokitClients>();
        services.TryAddSingleton(provider => new InstallationTokenProvider(
            provider.GetRequiredService<GitHubAppJwt>(),
            provider.GetRequiredService<OctokitClients>(),
            provider.GetRequiredService<IGitHubTokenStore>(),
            provider.GetRequiredService<IDataProtectionProvider>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<InstallationTokenProvider>>()));
        services.TryAddSingleton<GitHubClientFactory>();
        services.TryAddSingleton<IGitHubClientFactory>(provider => provider.GetRequiredService<GitHubClientFactory>());
        // Per-repository signing in App mode keeps existing IGitHubClient callers working; new code should use the factory.
        services.TryAddSingleton<IGitHubClient>(provider => provider.GetRequiredService<GitHubClientFactory>().ProcessClient.Value);

        services.TryAddTransient<CredentialRenewalHandler>();
        services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient((provider, client) =>
            {
                client.BaseAddress = provider.GetRequiredService<IOptions<GitHubOptions>>().Value.ApiUrl;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Fortify");
                client.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");
            })
            // Outside the resilience pipeline: the renewed request gets retries of its own.
            .AddHttpMessageHandler<CredentialRenewalHandler>()
            .AddGitHubResilience();
        return builder;
    }
}
