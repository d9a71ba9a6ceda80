using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Fortify.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fortify.Tests.Webhooks;

/// <summary>
/// A delivery the agent cannot store is spooled by the proxy and stored later. On the disrupted stack: after the
/// outage the proxy keeps spooling until its circuit to the agent closes again, which no other test should see.
/// </summary>
[Collection(DisruptedStackCollection.Name)]
public sealed class DeliverySpoolTests(FortifyStack stack)
{
    private const int Count = 100;

    [Fact]
    public async Task Deliveries_sent_while_the_scan_agent_is_stopped_are_spooled_then_stored_with_their_jobs()
    {
        await SpoolThroughOutageAsync("scan-agent", async () =>
        {
            var notifications = stack.App.ResourceNotifications;
            await notifications.WaitForResourceAsync("scan-agent", KnownResourceStates.TerminalStates).WaitAsync(TimeSpan.FromSeconds(60));
        });
    }

    [Fact]
    public async Task Deliveries_sent_while_the_agents_database_is_down_are_spooled_then_stored_with_their_jobs()
    {
        await SpoolThroughOutageAsync("postgres", async () =>
        {
            using var agentHealth = stack.CreateClient("scan-agent");
            await ScanAgentApi.EventuallyAsync(
                async () => (await agentHealth.GetAsync("/health")).StatusCode,
                status => status == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(60));
        });
    }

    /// <summary>
    /// The agent cannot store (its table is locked, so it hangs rather than fails) and Redis takes no writes: nothing can
    /// keep the delivery, so GitHub is told 503 with the reason, within its 10 seconds, and may redeliver.
    /// </summary>
    [Fact]
    public async Task When_neither_the_agent_nor_the_spool_can_keep_a_delivery_the_answer_is_503_within_10_seconds()
    {
        var deliveryId = Guid.NewGuid().ToString();
        var database = await FortifyDatabase.OfAsync(stack);
        HttpResponseMessage response;
        TimeSpan answeredAfter;
        await using (await database.LockAgainstWritesAsync("webhook_deliveries"))
        await using (await RedisPause.StartAsync(stack, TimeSpan.FromSeconds(30), writesOnly: true))
        {
            var clock = Stopwatch.StartNew();
            response = await stack.CreateSender().SendJsonAsync("push", DeliveryDurabilityTests.NewPush($"fortify-tests/nowhere-{Guid.NewGuid():N}"), deliveryId);
            answeredAfter = clock.Elapsed;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(answeredAfter < TimeSpan.FromSeconds(10), $"Answered after {answeredAfter}.");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrEmpty((string?)problem["reason"]), problem.ToJsonString());
        response.Dispose();
    }

    /// <summary>Stops the resource, sends the deliveries, starts it again: every delivery ends stored, with its job.</summary>
    private async Task SpoolThroughOutageAsync(string resource, Func<Task> waitUntilDown)
    {
        var repository = $"fortify-tests/spool-{Guid.NewGuid():N}";
        var branches = 0;
        var commands = stack.App.Services.GetRequiredService<ResourceCommandService>();
        var sender = stack.CreateSender();
        var deliveryIds = Enumerable.Range(0, Count).Select(_ => Guid.NewGuid().ToString()).ToList();

        List<Fortify.Core.Webhooks.DeliveryReceipt> receipts;
        try
        {
            var stopped = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand);
            Assert.True(stopped.Success, stopped.Message);
            await waitUntilDown();
            var responses = await Task.WhenAll(deliveryIds.Select(id => sender.SendJsonAsync("push", DeliveryDurabilityTests.NewPush(repository, $"b-{Interlocked.Increment(ref branches)}"), id)));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
            receipts = (await Task.WhenAll(responses.Select(WebhookSender.ReceiptAsync))).ToList();
        }
        finally
        {
            await stack.App.StartUntilHealthyAsync(resource);
        }

        Assert.All(receipts, r => Assert.Equal("spooled", r.Status));

        var agent = stack.CreateAgentApi();
        var stored = await ScanAgentApi.EventuallyAsync(
            async () => (await agent.GetAsync($"/api/deliveries?repository={repository}&limit=500"))!["items"]!.AsArray(),
            items => items.Count >= Count,
            TimeSpan.FromMinutes(2));
        Assert.Equal(Count, stored.Count);
        Assert.Equal(deliveryIds.Order(), stored.Select(d => (string)d!["event_id"]!).Order());
        Assert.All(stored, d => Assert.NotNull(d!["metadata"]!["job_id"]));
        Assert.Equal(Count, (await agent.JobsOfAsync(repository)).Count);

        // Once the spool is drained the proxy's circuit to the agent is closed: a new delivery goes straight through.
        var direct = await ScanAgentApi.EventuallyAsync(
            async () =>
            {
                using var response = await sender.SendJsonAsync("push", DeliveryDurabilityTests.NewPush(repository, "after-outage"));
                return await WebhookSender.ReceiptAsync(response);
            },
            receipt => receipt.Status != "spooled",
            TimeSpan.FromSeconds(30));
        Assert.NotNull(direct.JobId);
    }
}
