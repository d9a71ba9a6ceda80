using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Fortify.Chaos;

internal sealed class ChaosRun(ChaosStack stack, ChaosOptions options)
{
    private static readonly string[] FinalStatuses = ["completed", "failed", "cancelled"];
    private readonly Random _random = new(options.Seed);
    private readonly ConcurrentDictionary<string, string?> _instances = new();
    private readonly List<string> _actions = [];

    public async Task<ChaosReport> RunAsync()
    {
        var repository = $"chaos/run-{options.Seed}";
        using var emulator = stack.Client("github-emulator");
        (await emulator.PostAsJsonAsync("/_emulator/repositories", new { full_name = repository, default_branch = "main", @private = false })).EnsureSuccessStatusCode();

        using var watching = new CancellationTokenSource();
        var watcher = WatchInstancesAsync(watching.Token);
        var clock = Stopwatch.StartNew();
        using var stopChaos = new CancellationTokenSource();
        var chaos = UnleashAsync(stopChaos.Token);
        var sent = await SendAsync(repository);
        await stopChaos.CancelAsync();
        await chaos;
        await RestartStoppedAsync();

        var (deliveries, jobs) = await SettleAsync(repository, sent.Count);
        await watching.CancelAsync();
        await watcher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return ChaosReport.From(sent, deliveries, jobs, _actions, clock.Elapsed);
    }

    private async Task<IReadOnlyDictionary<string, HttpStatusCode>> SendAsync(string repository)
    {
        using var proxy = stack.Client("proxy");
        proxy.Timeout = TimeSpan.FromSeconds(10);
        var template = JsonNode.Parse(ReadTemplate())!;
        var results = new ConcurrentDictionary<string, HttpStatusCode>();
        var interval = TimeSpan.FromSeconds(1.0 / options.DeliveriesPerSecond);
        var pacing = Stopwatch.StartNew();
        var inFlight = new List<Task>();
        for (var i = 0; i < options.Deliveries; i++)
        {
            var body = Push(template, repository, $"chaos-{i}");
            var deliveryId = Guid.NewGuid().ToString();
            inFlight.Add(Task.Run(async () => results[deliveryId] = await SendOneAsync(proxy, body, deliveryId)));
            var due = interval * (i + 1);
            if (pacing.Elapsed < due)
            {
                await Task.Delay(due - pacing.Elapsed);
            }
        }

        await Task.WhenAll(inFlight);
        return results;
    }

    private async Task<HttpStatusCode> SendOneAsync(HttpClient proxy, byte[] body, string deliveryId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-GitHub-Hook-ID", "1");
        request.Headers.Add("X-Hub-Signature-256",
            "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(stack.WebhookSecret), body)));
        try
        {
            using var response = await proxy.SendAsync(request);
            return response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            // No answer within the client's patience: GitHub would count this delivery as failed.
            return HttpStatusCode.GatewayTimeout;
        }
    }

    /// <summary>
    /// Every few seconds: kill -9 a worker (one is always left), kill -9 the scan agent and start it again, or stop
    /// the agent gracefully for a few seconds and start it again.
    /// </summary>
    private async Task UnleashAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(options.ChaosEvery, stop);
                switch (_random.Next(3))
                {
                    case 0 when Process.GetProcessesByName("Fortify.Worker").Length > 1:
                        Kill("Fortify.Worker");
                        break;
                    case 1:
                        Kill("Fortify.ScanAgent");
                        await Task.Delay(TimeSpan.FromSeconds(_random.Next(1, 4)), CancellationToken.None);
                        await StartAgentAsync();
                        break;
                    default:
                        var stopped = await stack.Commands.ExecuteCommandAsync("scan-agent", KnownResourceCommands.StopCommand, CancellationToken.None);
                        _actions.Add($"stop scan-agent ({(stopped.Success ? "ok" : stopped.Message)})");
                        await Task.Delay(TimeSpan.FromSeconds(_random.Next(2, 6)), CancellationToken.None);
                        await StartAgentAsync();
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task StartAgentAsync()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var started = await stack.Commands.ExecuteCommandAsync("scan-agent", KnownResourceCommands.StartCommand);
            if (started.Success)
            {
                _actions.Add("start scan-agent (ok)");
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        _actions.Add("start scan-agent (failed)");
    }

    private void Kill(string processName)
    {
        var processes = Process.GetProcessesByName(processName);
        if (processes.Length == 0)
        {
            return;
        }

        var victim = processes[_random.Next(processes.Length)];
        victim.Kill(entireProcessTree: true);
        _actions.Add($"kill -9 {processName} (pid {victim.Id})");
    }

    /// <summary>Starts every worker replica and agent that is not running, as an orchestrator would.</summary>
    private async Task RestartStoppedAsync()
    {
        foreach (var (instance, state) in _instances)
        {
            if (state is not null && KnownResourceStates.TerminalStates.Contains(state))
            {
                var result = await stack.Commands.ExecuteCommandAsync(instance, KnownResourceCommands.StartCommand);
                _actions.Add($"start {instance} ({(result.Success ? "ok" : result.Message)})");
            }
        }
    }

    private async Task WatchInstancesAsync(CancellationToken stop)
    {
        await foreach (var change in stack.App.ResourceNotifications.WatchAsync(stop))
        {
            if (change.Resource.Name is "worker" or "scan-agent")
            {
                _instances[change.ResourceId] = change.Snapshot.State?.Text;
            }
        }
    }

    private async Task<(List<JsonNode> Deliveries, List<JsonNode> Jobs)> SettleAsync(string repository, int expected)
    {
        using var agent = stack.Client("scan-agent");
        agent.Timeout = TimeSpan.FromSeconds(15);
        agent.DefaultRequestHeaders.Add("X-Fortify-Agent-Key", stack.AgentApiKey);
        var deadline = Stopwatch.StartNew();
        List<JsonNode> deliveries = [], jobs = [];
        while (true)
        {
            // A process killed in the last round may only now show as exited: start it, as an orchestrator would.
            await RestartStoppedAsync();
            try
            {
                deliveries = await ReadAllAsync(agent, $"/api/deliveries?repository={repository}");
                jobs = await ReadAllAsync(agent, $"/api/jobs?repository={repository}");
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && deadline.Elapsed < options.SettleTimeout)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                continue;
            }

            var settled = deliveries.Count >= expected && jobs.Count >= expected
                && jobs.All(j => FinalStatuses.Contains((string?)j["status"]));
            if (settled || deadline.Elapsed > options.SettleTimeout)
            {
                return (deliveries, jobs);
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    private static async Task<List<JsonNode>> ReadAllAsync(HttpClient agent, string path)
    {
        var all = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = JsonNode.Parse(await agent.GetStringAsync($"{path}&limit=500{(cursor is null ? "" : $"&before={Uri.EscapeDataString(cursor)}")}"))!;
            all.AddRange(page["items"]!.AsArray().Select(n => n!));
            cursor = (string?)page["next_cursor"];
        }
        while (cursor is not null);
        return all;
    }

    private static byte[] Push(JsonNode template, string repository, string branch)
    {
        var push = template.DeepClone();
        push["ref"] = $"refs/heads/{branch}";
        push["after"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        push["created"] = false;
        push["repository"]!["full_name"] = repository;
        push["repository"]!["name"] = repository.Split('/')[1];
        push["repository"]!["owner"]!["login"] = repository.Split('/')[0];
        return Encoding.UTF8.GetBytes(push.ToJsonString());
    }

    private static string ReadTemplate()
    {
        using var stream = typeof(ChaosRun).Assembly.GetManifestResourceStream("push.json")!;
        return new StreamReader(stream).ReadToEnd();
    }
}
