using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fortify.Chaos;

/// <summary>The whole AppHost on a throwaway data folder, as the integration tests start it.</summary>
internal sealed class ChaosStack : IAsyncDisposable
{
    private readonly DirectoryInfo _data;

    private ChaosStack(DistributedApplication app, DirectoryInfo data, string secret, string apiKey)
    {
        App = app;
        _data = data;
        WebhookSecret = secret;
        AgentApiKey = apiKey;
    }

    public DistributedApplication App { get; }
    public string WebhookSecret { get; }
    public string AgentApiKey { get; }

    public static async Task<ChaosStack> StartAsync(ChaosOptions options, bool emptyScan)
    {
        var data = Directory.CreateTempSubdirectory("fortify-chaos-");
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        var apiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Fortify_AppHost>(
        [
            "--Fortify:Infrastructure=local",
            $"--Fortify:DataDirectory={data.FullName}",
            $"--Parameters:github-webhook-secret={secret}",
            $"--Parameters:scan-agent-api-key={apiKey}",
        ]);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "worker"))
            .WithEnvironment("Worker__VisibilityTimeout", "00:00:05")
            .WithEnvironment("Worker__SweepInterval", "00:00:00.500")
            .WithEnvironment("Worker__EmptyScan", emptyScan ? "true" : "false")
            .WithEnvironment("Worker__Concurrency", options.WorkerConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await app.StartAsync(timeout.Token);
        foreach (var name in new[] { "proxy", "scan-agent", "worker", "github-emulator" })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
        }

        return new ChaosStack(app, data, secret, apiKey);
    }

    public HttpClient Client(string resource) => App.CreateHttpClient(resource, "http");

    public ResourceCommandService Commands => App.Services.GetRequiredService<ResourceCommandService>();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _data.Delete(recursive: true);
    }
}
