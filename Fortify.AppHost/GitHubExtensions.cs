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
        var configuration = service.ApplicationBuilder.Configuration;
        var configured = configuration["GitHub:BaseUrl"];
        if (!string.IsNullOrEmpty(configured))
        {
            // Real GitHub: the credentials (GitHub:App:Id + GitHub:App:PrivateKey, or GitHub:Token) pass through as set.
            foreach (var key in new[] { "GitHub:App:Id", "GitHub:App:PrivateKey", "GitHub:App:PrivateKeyPath", "GitHub:Token" })
            {
                if (configuration[key] is { Length: > 0 } value)
                {
                    service.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
                }
            }

            return service.WithEnvironment("GitHub__BaseUrl", configured);
        }

        service.WithEnvironment("GitHub__BaseUrl", emulator.GetEndpoint("http")).WaitFor(emulator);
        return EmulatedGitHubAuthSetting.Read(configuration) == EmulatedGitHubAuth.Token
            ? service.WithEmulatedToken(emulator)
            : service.WithEmulatedApp(emulator);
    }

    /// <summary>
    /// The emulator plays a GitHub App whose key pair is made for this run: Fortify signs with the private key, the
    /// emulator checks with the public one.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithEmulatedApp(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> emulator)
    {
        var app = EmulatedGitHubApp.For(service.ApplicationBuilder);
        emulator.WithEnvironment("Emulator__App__Id", app.Id).WithEnvironment("Emulator__App__PublicKey", app.PublicKeyPem);
        return service
            .WithEnvironment("GitHub__App__Id", app.Id)
            .WithEnvironment("GitHub__App__PrivateKey", app.PrivateKeyPem);
    }

    /// <summary>
    /// A personal access token the emulator knows from the start: reads and commit statuses work, check runs are
    /// refused as on GitHub, so Fortify reports with statuses.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithEmulatedToken(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> emulator)
    {
        var token = EmulatedGitHubToken.For(service.ApplicationBuilder);
        emulator.WithEnvironment("Emulator__PersonalTokens", token.Value);
        return service.WithEnvironment("GitHub__Token", token.Value);
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
