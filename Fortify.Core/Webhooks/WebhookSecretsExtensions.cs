using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fortify.Core.Webhooks;

public static class WebhookSecretsExtensions
{
    /// <summary>The webhook secrets from configuration, plus a watched secrets folder when one is named.</summary>
    public static IHostApplicationBuilder AddWebhookSignatureVerification(this IHostApplicationBuilder builder)
    {
        var secretsDirectory = builder.Configuration[$"{WebhookSecretOptions.Section}:{nameof(WebhookSecretOptions.SecretsDirectory)}"];
        if (!string.IsNullOrEmpty(secretsDirectory))
        {
            builder.Configuration.AddKeyPerFile(secretsDirectory, optional: true, reloadOnChange: true);
        }

        builder.Services.Configure<WebhookSecretOptions>(builder.Configuration.GetSection(WebhookSecretOptions.Section));
        builder.Services.AddSingleton<WebhookSignatureVerifier>();
        return builder;
    }
}
