using Microsoft.Extensions.Configuration;

namespace Fortify.AppHost;

internal static class GitHubExtensions
{
    /// <summary>
    /// Points a service at GitHub: the one configured under <c>GitHub:BaseUrl</c> (github.com or GitHub Enterprise
    /// Server), else the emulator, so a first local run does something real end to end.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGitHubApi(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> emulator)
    {
        var configured = service.ApplicationBuilder.Configuration["GitHub:BaseUrl"];
        return string.IsNullOrEmpty(configured)
            ? service.WithEnvironment("GitHub__BaseUrl", emulator.GetEndpoint("http")).WaitFor(emulator)
            : service.WithEnvironment("GitHub__BaseUrl", configured);
    }

    /// <summary>Both the proxy and the agent verify signatures, so both watch the same secrets folder when one is set.</summary>
    public static IResourceBuilder<ProjectResource> WithWebhookSecrets(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ParameterResource> webhookSecret)
    {
        service.WithEnvironment("GitHub__WebhookSecret", webhookSecret);
        var secretsDirectory = service.ApplicationBuilder.Configuration["Fortify:WebhookSecretsDirectory"];
        return string.IsNullOrEmpty(secretsDirectory)
            ? service
            : service.WithEnvironment("GitHub__SecretsDirectory", Path.GetFullPath(secretsDirectory));
    }
}
