using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;

namespace Fortify.Core.GitHub;

public static class GitHubClientExtensions
{
    public const string HttpClientName = "github";

    /// <summary>Octokit over an IHttpClientFactory handler, so every GitHub call gets the service defaults' resilience.</summary>
    public static IHostApplicationBuilder AddGitHubClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GitHubOptions>().Bind(builder.Configuration.GetSection(GitHubOptions.Section));
        builder.Services.AddHttpClient(HttpClientName);
        builder.Services.AddSingleton<IGitHubClient>(services =>
        {
            var options = services.GetRequiredService<IOptions<GitHubOptions>>().Value;
            var handlers = services.GetRequiredService<IHttpMessageHandlerFactory>();
            var credentials = string.IsNullOrEmpty(options.Token) ? Credentials.Anonymous : new Credentials(options.Token);
            var connection = new Connection(
                new ProductHeaderValue("Fortify"),
                options.ApiUrl,
                new InMemoryCredentialStore(credentials),
                new HttpClientAdapter(() => handlers.CreateHandler(HttpClientName)),
                new SimpleJsonSerializer());
            return new GitHubClient(connection);
        });
        return builder;
    }
}
