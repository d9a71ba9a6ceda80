using Fortify.Core.Json;
using Fortify.Core.Persistence;
using Fortify.Core.Queues;
using Fortify.Core.Webhooks;
using Fortify.ScanAgent.Jobs;
using Fortify.ScanAgent.Reporting;
using Fortify.ScanAgent.Repositories;
using Fortify.ScanAgent.Security;
using Fortify.ScanAgent.Webhooks;

namespace Fortify.ScanAgent.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddFortifyDatabase();
        builder.AddRedisClient(JobStreams.ConnectionName);
        builder.AddWebhookSignatureVerification();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StoreOutageHandler>();
        builder.Services.ConfigureHttpJsonOptions(json => FortifyJson.Configure(json.SerializerOptions));
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddOptions<AgentApiKeyOptions>()
            .Bind(builder.Configuration.GetSection(AgentApiKeyOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddScoped<DeliveryStore>();
        builder.Services.AddScoped<DeliveryProcessor>();
        builder.Services.AddSingleton<DeliveryIntake>();
        builder.Services.AddSingleton<WebhookInterpreter>();
        builder.Services.AddScoped<JobScheduler>();
        builder.Services.AddScoped<RepositorySettingsStore>();
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<CheckRunSignal>();
        builder.Services.AddHostedService<CheckRunOpener>();
        builder.Services.AddHostedService<OutboxRelay>();
        builder.AddRepositoryMetadata();
    }
}
