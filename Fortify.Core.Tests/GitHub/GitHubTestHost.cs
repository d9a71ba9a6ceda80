using System.Security.Cryptography;
using Fortify.Core.GitHub;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fortify.Core.Tests.GitHub;

/// <summary>A process registered as the services register it (AddGitHubClient after the service defaults), talking to a <see cref="FakeGitHub"/>.</summary>
internal sealed class GitHubTestHost : IDisposable
{
    public const string Pat = "ghp_personal_token";

    // One key for all tests: generating RSA keys is slow.
    public static readonly RSA AppKey = RSA.Create(2048);

    private readonly IHost host;

    private GitHubTestHost(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;
    public IGitHubClientFactory Factory => Services.GetRequiredService<IGitHubClientFactory>();
    public InstallationTokenProvider Tokens => Services.GetRequiredService<InstallationTokenProvider>();
    public HttpClient HttpClient => Services.GetRequiredService<IHttpClientFactory>().CreateClient(GitHubClientExtensions.HttpClientName);

    public static Dictionary<string, string?> AppSettings() => new()
    {
        ["GitHub:App:Id"] = "123",
        ["GitHub:App:PrivateKey"] = AppKey.ExportRSAPrivateKeyPem(),
    };

    public static Dictionary<string, string?> TokenSettings() => new() { ["GitHub:Token"] = Pat };

    public static GitHubTestHost Start(
        FakeGitHub gitHub,
        Dictionary<string, string?> settings,
        TimeProvider? clock = null,
        IDataProtectionProvider? keys = null,
        IGitHubTokenStore? store = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitHub:Resilience:RetryDelay"] = "00:00:00.010",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        // What ServiceDefaults does for every client; the GitHub client must replace it.
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        builder.AddGitHubClient();
        builder.Services.AddHttpClient(GitHubClientExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => gitHub);
        builder.Services.AddSingleton(keys ?? new EphemeralDataProtectionProvider());
        builder.Services.AddSingleton(store ?? new InMemoryTokenStore());
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        return new GitHubTestHost(builder.Build());
    }

    public void Dispose() => host.Dispose();
}
