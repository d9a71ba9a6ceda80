using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Fortify.AppHost;

internal static class TelemetryExtensions
{
    private const string DashboardKey = "Fortify:Dashboard";
    private const string SampleRatioKey = "Fortify:TraceSampleRatio";

    /// <summary>
    /// Whether to run the dashboard (<c>Fortify:Dashboard</c>, from the environment or the command line). It is read
    /// before the builder exists, which needs the answer, and only once, so the dashboard and the services' telemetry
    /// always agree.
    /// </summary>
    public static bool WantsDashboard(string[] args) =>
        new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build().GetValue(DashboardKey, true);

    /// <summary>
    /// Without the dashboard nothing receives telemetry, yet Aspire still points every service at its default OTLP
    /// address. Exporting there only burns CPU, and each stop then waits 10 s for a last flush that cannot land, which
    /// is longer than the orchestrator waits for a process to stop.
    /// </summary>
    public static void ExportTelemetryOnlyToTheDashboard(this IDistributedApplicationBuilder builder, bool dashboard)
    {
        if (dashboard)
        {
            return;
        }

        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }
    }

    /// <summary>
    /// With <c>Fortify:TraceSampleRatio</c> set, every service keeps that share of traces, parent-based so a trace is
    /// whole or absent. Unset, every trace is kept, which is what development wants and what a load test cannot afford.
    /// </summary>
    public static void ApplyTraceSampling(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[SampleRatioKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return;
        }

        if (!double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio is < 0 or > 1)
        {
            throw new InvalidOperationException($"{SampleRatioKey} must be a number from 0 to 1, not '{configured}'.");
        }

        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                .WithEnvironment("OTEL_TRACES_SAMPLER_ARG", ratio.ToString(CultureInfo.InvariantCulture));
        }
    }
}
