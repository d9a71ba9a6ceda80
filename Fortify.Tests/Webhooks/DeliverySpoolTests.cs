using System.Net;
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
    [Fact]
    public async Task Deliveries_sent_while_the_agents_database_is_down_are_spooled_then_stored_with_their_jobs()
    {
        const int count = 100;
        var repository = $"fortify-tests/spool-{Guid.NewGuid():N}";
        var branches = 0;
        var commands = stack.App.Services.GetRequiredService<ResourceCommandService>();
        var sender = stack.CreateSender();
        var deliveryIds = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();

        List<Fortify.Core.Webhooks.DeliveryReceipt> receipts;
        try
        {
            // The orchestrator's stop of a project is not reliable here; its database's stop is, and leaves the agent
            // unable to store anything, which the proxy must treat the same way.
            Assert.True((await commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StopCommand)).Success);
            using var agentHealth = stack.CreateClient("scan-agent");
            await ScanAgentApi.EventuallyAsync(
                async () => (await agentHealth.GetAsync("/health")).StatusCode,
                status => status == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(60));
            var responses = await Task.WhenAll(deliveryIds.Select(id => sender.SendJsonAsync("push", DeliveryDurabilityTests.NewPush(repository, $"b-{Interlocked.Increment(ref branches)}"), id)));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
            receipts = (await Task.WhenAll(responses.Select(WebhookSender.ReceiptAsync))).ToList();
        }
        finally
        {
            var started = await commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StartCommand);
            for (var retry = 0; !started.Success && retry < 5; retry++)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                started = await commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StartCommand);
            }

            Assert.True(started.Success, started.Message);
        }

        Assert.All(receipts, r => Assert.Equal("spooled", r.Status));
        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("postgres").WaitAsync(TimeSpan.FromMinutes(2));

        var agent = stack.CreateAgentApi();
        var stored = await ScanAgentApi.EventuallyAsync(
            async () => (await agent.GetAsync($"/api/deliveries?repository={repository}&limit=500"))!["items"]!.AsArray(),
            items => items.Count >= count,
            TimeSpan.FromMinutes(2));
        Assert.Equal(count, stored.Count);
        Assert.Equal(deliveryIds.Order(), stored.Select(d => (string)d!["event_id"]!).Order());
        Assert.All(stored, d => Assert.NotNull(d!["metadata"]!["job_id"]));
        Assert.Equal(count, (await agent.JobsOfAsync(repository)).Count);

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
