using Fortify.Scanning.Secrets;
using Fortify.Worker.Reporting;

namespace Fortify.Worker.Scanning;

internal static class ScanningExtensions
{
    /// <summary>The real scan: fetch, scan, store, report; and reporting's own retry loop.</summary>
    public static void AddScanning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScanningOptions>()
            .Bind(builder.Configuration.GetSection(ScanningOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(new SecretsScanner());
        builder.Services.AddSingleton<ScannerSet>();
        builder.Services.AddScoped<ScanPlanner>();
        builder.Services.AddScoped<SourceArchive>();
        builder.Services.AddScoped<ScanResultStore>();
        builder.Services.AddScoped<CheckRunPublisher>();
        builder.Services.AddScoped<CheckRunReporter>();
        builder.Services.AddScoped<IScanHandler, RepositoryScanHandler>();
        builder.Services.AddHostedService<ReportRetrier>();
    }
}
