using System.Globalization;

namespace Fortify.AppHost;

internal static class TelemetryExtensions
{
    private const string SampleRatioKey = "Fortify:TraceSampleRatio";

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
