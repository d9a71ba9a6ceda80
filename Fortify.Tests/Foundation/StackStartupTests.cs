using System.Net;
using Fortify.Tests.Infrastructure;

namespace Fortify.Tests.Foundation;

[Collection(FortifyStackCollection.Name)]
public sealed class StackStartupTests(FortifyStack stack)
{
    [Fact]
    public void Every_service_of_the_product_is_in_the_stack()
    {
        var names = stack.Model.Resources.Select(r => r.Name).ToHashSet();

        Assert.Superset(
            new HashSet<string> { "postgres", "redis", "migrations", "proxy", "scan-agent", "worker", "github-emulator" },
            names);
    }

    [Fact]
    public void The_worker_runs_two_replicas()
    {
        var worker = stack.Model.Resources.Single(r => r.Name == "worker");

        Assert.Equal(2, worker.Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
    }

    [Fact]
    public void Only_the_proxy_is_reachable_from_outside()
    {
        var external = stack.Model.Resources
            .Where(r => r.Annotations.OfType<EndpointAnnotation>().Any(e => e.IsExternal))
            .Select(r => r.Name);

        Assert.Equal(["proxy"], external);
    }

    /// <summary>
    /// The test stacks run without the dashboard. Aspire would still point every service at its default OTLP address,
    /// where exporting only costs CPU and makes each stop wait out a last flush.
    /// </summary>
    [Theory]
    [InlineData("proxy")]
    [InlineData("scan-agent")]
    [InlineData("github-emulator")]
    public void Without_the_dashboard_no_service_is_given_a_telemetry_address(string service)
    {
        Assert.True(stack.App.ResourceNotifications.TryGetCurrentState(service, out var state));
        var environment = state.Snapshot.EnvironmentVariables.Select(v => v.Name).ToList();

        Assert.Contains("OTEL_SERVICE_NAME", environment);
        Assert.DoesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT", environment);
    }

    [Theory]
    [InlineData("proxy")]
    [InlineData("scan-agent")]
    [InlineData("github-emulator")]
    public async Task Health_and_liveness_answer_200(string resource)
    {
        using var client = stack.CreateClient(resource);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
    }
}
