using System.Security.Cryptography;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fortify.Tests.Infrastructure;

/// <summary>
/// The whole AppHost, started once for the integration tests, on the machine's own Postgres and Redis with a
/// throwaway data folder, random ports and random secrets: it never touches a developer's running stack.
/// </summary>
public class FortifyStack : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public FortifyStack()
        : this(AppAuth)
    {
    }

    /// <param name="gitHubAuth">How the services sign in to the emulator: <see cref="AppAuth"/> or <see cref="TokenAuth"/>.</param>
    protected FortifyStack(string gitHubAuth) => GitHubAuth = gitHubAuth;

    /// <summary>The AppHost's <c>Fortify:EmulatedGitHubAuth</c> values.</summary>
    public const string AppAuth = "app";

    public const string TokenAuth = "token";

    public string GitHubAuth { get; }

    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("fortify-tests-");

    /// <summary>Watched by the proxy and the agent: a file here adds or removes a webhook secret while they run.</summary>
    public DirectoryInfo WebhookSecretsDirectory { get; } = Directory.CreateTempSubdirectory("fortify-secrets-");

    public string WebhookSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
    public string AgentApiKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));

    /// <summary>Every long-running resource of the stack (the migration step runs once and ends).</summary>
    public IEnumerable<string> ServiceNames => Model.Resources
        .Where(r => r is ProjectResource or ExecutableResource or ContainerResource && r.Name != "migrations")
        .Where(r => !App.ResourceNotifications.TryGetCurrentState(r.Name, out var state) || !state.Snapshot.IsHidden)
        .Select(r => r.Name);

    /// <summary>The workers' job folders: a test can see that nothing is left there, or written beside it.</summary>
    public DirectoryInfo ScanWorkRoot { get; } = Directory.CreateTempSubdirectory("fortify-jobs-");

    public DistributedApplication App { get; private set; } = null!;
    public DistributedApplicationModel Model => App.Services.GetRequiredService<DistributedApplicationModel>();

    public async Task InitializeAsync()
    {
        using var cancellation = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Fortify_AppHost>(
            [
                "--Fortify:Infrastructure=local",
                "--Fortify:Dashboard=false",
                $"--Fortify:DataDirectory={_dataDirectory.FullName}",
                $"--Parameters:github-webhook-secret={WebhookSecret}",
                $"--Parameters:scan-agent-api-key={AgentApiKey}",
                $"--Fortify:WebhookSecretsDirectory={WebhookSecretsDirectory.FullName}",
                $"--Fortify:EmulatedGitHubAuth={GitHubAuth}",
            ],
            cancellation.Token);
        // Low enough that a test can reach it from one address, high enough for every other test.
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "proxy"))
            .WithEnvironment("Proxy__RateLimits__PerSourcePerSecond", RateLimitPerSource.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Proxy__RateLimits__PerSourceBurst", RateLimitPerSource.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Short timeouts and few attempts, so take-overs and dead letters happen within a test's patience.
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "worker"))
            .WithEnvironment("Worker__Concurrency", WorkerConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Worker__VisibilityTimeout", "00:00:05")
            .WithEnvironment("Worker__MaxAttempts", MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Worker__RetryBaseDelay", "00:00:00.200")
            .WithEnvironment("Worker__RetryMaxDelay", "00:00:01")
            .WithEnvironment("Worker__SweepInterval", "00:00:00.500")
            .WithEnvironment("Scanning__WorkRoot", Path.Combine(ScanWorkRoot.FullName, "jobs"))
            .WithEnvironment("GitHub__Resilience__RetryDelay", "00:00:00.100")
            .WithEnvironment("GitHub__Resilience__CircuitBreakDuration", "00:00:02");
        Configure(builder);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning));

        App = await builder.BuildAsync(cancellation.Token);
        ResourceLogFiles.StartIfRequested(App);
        await App.StartAsync(cancellation.Token);
        await WaitUntilAllHealthyAsync(cancellation.Token);
    }

    /// <summary>A stack of another kind sets its resources up further here, before the AppHost is built.</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    /// <summary>Resource <paramref name="name"/> of the AppHost, to set its environment.</summary>
    protected static IResourceBuilder<ProjectResource> Project(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == name));

    /// <summary>Every resource healthy; the migration step finished with exit code 0.</summary>
    public async Task WaitUntilAllHealthyAsync(CancellationToken cancellationToken)
    {
        var notifications = App.ResourceNotifications;
        var migration = await notifications.WaitForResourceAsync(
            "migrations", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
        if (migration.Snapshot.ExitCode != 0)
        {
            throw new InvalidOperationException($"The migration step ended with exit code {migration.Snapshot.ExitCode}.");
        }

        await Task.WhenAll(ServiceNames.Select(name => notifications.WaitForResourceHealthyAsync(name, cancellationToken)));
    }

    public const int RateLimitPerSource = 400;
    public const int WorkerConcurrency = 4;
    public const int WorkerReplicas = 2;
    public const int MaxAttempts = 3;

    public HttpClient CreateClient(string resource) => App.CreateHttpClient(resource, "http");

    public WebhookSender CreateSender() => new(CreateClient("proxy"), WebhookSecret);

    public ScanAgentApi CreateAgentApi() => new(CreateClient("scan-agent"), AgentApiKey);

    public EmulatorApi CreateEmulatorApi() => new(CreateClient("github-emulator"));

    public EmulatedGitHub CreateEmulatedGitHub() => new(CreateClient("github-emulator"));

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        _dataDirectory.Delete(recursive: true);
        WebhookSecretsDirectory.Delete(recursive: true);
        ScanWorkRoot.Delete(recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class FortifyStackCollection : ICollectionFixture<FortifyStack>
{
    public const string Name = "Fortify stack";
}

/// <summary>Tests that stop Postgres or Redis get a stack of their own, so no other test sees the outage.</summary>
[CollectionDefinition(Name)]
public sealed class DisruptedStackCollection : ICollectionFixture<FortifyStack>
{
    public const string Name = "Fortify stack, disrupted";
}
