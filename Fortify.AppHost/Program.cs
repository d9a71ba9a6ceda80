using Microsoft.Extensions.Configuration;
using Fortify.AppHost;
using Fortify.AppHost.Infrastructure;

// Benchmarks may run without it: on a small machine its telemetry intake takes cores the stack is measured on.
var dashboard = TelemetryExtensions.WantsDashboard(args);
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = !dashboard });

var infrastructure = builder.AddFortifyInfrastructure();
var webhookSecret = builder.AddParameter("github-webhook-secret", GeneratedSecret(), secret: true, persist: true);
var agentApiKey = builder.AddParameter("scan-agent-api-key", GeneratedSecret(), secret: true, persist: true);

var migrations = builder.AddProject<Projects.Fortify_MigrationService>("migrations")
    .WithReference(infrastructure.Database, "fortify")
    .WaitFor(infrastructure.Database);

var gitHub = builder.AddProject<Projects.Fortify_GitHubEmulator>("github-emulator")
    .WithWebhookSecrets(webhookSecret)
    .WithHttpHealthCheck("/health");

var scanAgent = builder.AddProject<Projects.Fortify_ScanAgent>("scan-agent")
    .WithReference(infrastructure.Database, "fortify")
    .WithReference(infrastructure.Redis, "redis")
    .WithGitHubApi(gitHub)
    .WithWebhookSecrets(webhookSecret)
    .WithEnvironment("ScanAgent__ApiKey", agentApiKey)
    .WaitFor(infrastructure.Redis)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Fortify_Worker>("worker")
    .WithReplicas(builder.Configuration.GetValue("Fortify:WorkerReplicas", 2))
    .WithReference(infrastructure.Database, "fortify")
    .WithReference(infrastructure.Redis, "redis")
    .WithGitHubApi(gitHub)
    .WaitFor(infrastructure.Redis)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

var proxy = builder.AddProject<Projects.Fortify_Proxy>("proxy")
    .WithExternalHttpEndpoints()
    .WithReference(infrastructure.Redis, "redis")
    .WithReference(scanAgent)
    .WithWebhookSecrets(webhookSecret)
    .WithEnvironment("ScanAgent__ApiKey", agentApiKey)
    .WaitFor(infrastructure.Redis)
    .WithHttpHealthCheck("/health");

// The emulator delivers its webhooks to the proxy, as GitHub would.
gitHub.WithEnvironment("Emulator__WebhookUrl", ReferenceExpression.Create($"{proxy.GetEndpoint("http")}/webhooks/github"));

// Each proxied endpoint is one more hop through DCP per request, which a Kubernetes deployment does not have;
// benchmarks turn them off (one agent replica then, as its port is fixed).
if (builder.Configuration.GetValue("Fortify:DirectEndpoints", false))
{
    scanAgent.WithEndpointProxySupport(false);
    proxy.WithEndpointProxySupport(false);
}

builder.ApplyTraceSampling();
builder.ExportTelemetryOnlyToTheDashboard(dashboard);
builder.Build().Run();

static GenerateParameterDefault GeneratedSecret() => new() { MinLength = 40, Special = false };
