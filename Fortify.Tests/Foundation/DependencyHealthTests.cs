using System.Net;
using Fortify.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fortify.Tests.Foundation;

/// <summary>
/// Readiness must follow the stores: a service whose Postgres or Redis is gone is not ready. And no service may die of
/// the outage: each waits for the store and carries on.
/// </summary>
[Collection(DisruptedStackCollection.Name)]
public sealed class DependencyHealthTests(FortifyStack stack)
{
    [Theory]
    [InlineData("redis", "proxy")]
    [InlineData("redis", "scan-agent")]
    [InlineData("postgres", "scan-agent")]
    public async Task Health_fails_while_a_store_is_stopped_and_recovers_when_it_is_back(string store, string service)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var client = stack.CreateClient(service);
        var commands = stack.App.Services.GetRequiredService<ResourceCommandService>();

        var stopped = await commands.ExecuteCommandAsync(store, KnownResourceCommands.StopCommand, timeout.Token);
        Assert.True(stopped.Success, stopped.Message);
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await PollHealthAsync(client, HttpStatusCode.ServiceUnavailable, timeout.Token));
        }
        finally
        {
            await stack.App.StartUntilHealthyAsync(store);
        }

        Assert.Equal(HttpStatusCode.OK, await PollHealthAsync(client, HttpStatusCode.OK, timeout.Token));
        await AssertEveryServiceRunsAsync($"the {store} outage");
    }

    /// <summary>
    /// A Redis that stops answering (a slow command, a fork under memory pressure) makes the clients' commands time out
    /// with <c>RedisTimeoutException</c>, which is not a <c>RedisException</c>. Every service must wait it out.
    /// </summary>
    [Fact]
    public async Task A_Redis_that_stalls_longer_than_the_command_timeout_stops_no_service()
    {
        await using var stall = await RedisPause.StartAsync(stack, RedisStall, writesOnly: false);

        // A query that needs Redis meanwhile is told to come back, not given a 500.
        using var agent = stack.CreateClient("scan-agent");
        using var deadLetters = new HttpRequestMessage(HttpMethod.Get, "/api/dead-letters");
        deadLetters.Headers.Add(Fortify.Core.Webhooks.GitHubHeaders.AgentApiKey, stack.AgentApiKey);
        using var refused = await agent.SendAsync(deadLetters);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Redis", await refused.Content.ReadAsStringAsync());

        // The rest of the stall, then time for every service to meet its timeouts and carry on.
        await Task.Delay(RedisStall + TimeSpan.FromSeconds(5));
        await AssertEveryServiceRunsAsync("the Redis stall");

        using var response = await stack.CreateSender().SendJsonAsync(
            "push", Webhooks.DeliveryDurabilityTests.NewPush($"fortify-tests/stall-{Guid.NewGuid():N}", "main"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Longer than the Redis client's 5-second command timeout.</summary>
    private static readonly TimeSpan RedisStall = TimeSpan.FromSeconds(8);

    /// <summary>No instance of any service (each replica counts) has exited.</summary>
    private async Task AssertEveryServiceRunsAsync(string after)
    {
        var states = await CurrentStatesAsync();
        var services = stack.ServiceNames.ToList();
        Assert.All(services, name => Assert.Contains(states, s => s.Resource.Name == name));
        Assert.All(states.Where(s => services.Contains(s.Resource.Name)), instance =>
            Assert.True(instance.Snapshot.State?.Text == KnownResourceStates.Running,
                $"{instance.ResourceId} is {instance.Snapshot.State?.Text} (exit code {instance.Snapshot.ExitCode}) after {after}."));
    }

    /// <summary>The latest state of every resource instance (each replica has its own).</summary>
    private async Task<List<ResourceEvent>> CurrentStatesAsync()
    {
        var latest = new Dictionary<string, ResourceEvent>();
        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            // The watch starts with the last state of each instance, then follows changes until the window closes.
            await foreach (var update in stack.App.ResourceNotifications.WatchAsync(window.Token))
            {
                latest[update.ResourceId] = update;
            }
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested)
        {
        }

        return [.. latest.Values];
    }

    /// <summary>Health checks see a dead connection within a few seconds; poll until the wanted answer or the timeout.</summary>
    private static async Task<HttpStatusCode> PollHealthAsync(HttpClient client, HttpStatusCode wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = (await client.GetAsync("/health", cancellationToken)).StatusCode;
            if (status == wanted)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
