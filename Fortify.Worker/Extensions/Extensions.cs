using Fortify.Core.GitHub;
using Fortify.Core.Persistence;
using Fortify.Core.Queues;
using Fortify.Worker.Jobs;
using Fortify.Worker.Scanning;

namespace Fortify.Worker.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddFortifyDatabase();
        builder.AddRedisClient(JobStreams.ConnectionName);
        builder.AddGitHubClient();
        builder.Services.AddSingleton(TimeProvider.System);
        // Running jobs get most of this to finish before they are handed back.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));

        builder.Services.AddOptions<WorkerOptions>()
            .Bind(builder.Configuration.GetSection(WorkerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<JobStreamReader>();
        builder.Services.AddSingleton<JobNotices>();
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddSingleton<JobStatements>();
        builder.Services.AddScoped<JobLifecycle>();
        builder.Services.AddScoped<JobExecution>();
        if (builder.Configuration.GetValue<bool>($"{WorkerOptions.Section}:{nameof(WorkerOptions.EmptyScan)}"))
        {
            builder.Services.AddScoped<IScanHandler, EmptyScanHandler>();
        }
        else
        {
            builder.AddScanning();
        }

        builder.Services.AddHostedService<JobQueueConsumer>();
        builder.Services.AddHostedService<JobSweeper>();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(WorkerMetrics.MeterName))
            .WithTracing(tracing => tracing.AddSource(JobExecution.Activity.Name));
    }
}
