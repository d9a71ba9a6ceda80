using Fortify.Core.Json;
using Fortify.Core.Queues;
using Fortify.Core.Webhooks;
using Fortify.Proxy.Forwarding;
using Fortify.Proxy.RateLimiting;
using Fortify.Proxy.Webhooks;

namespace Fortify.Proxy.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(JobStreams.ConnectionName);
        builder.AddWebhookSignatureVerification();
        builder.AddWebhookRateLimiting();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => FortifyJson.Configure(json.SerializerOptions));

        builder.Services.AddOptions<ProxyOptions>()
            .Bind(builder.Configuration.GetSection(ProxyOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<WebhookRequestReader>();
        builder.Services.AddSingleton<DeliverySpool>();
        builder.AddScanAgentClient();
        builder.Services.AddHostedService<SpoolDrainer>();
    }
}
