using System.Net;
using Fortify.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fortify.Tests.Webhooks;

/// <summary>Every real GitHub payload through the running stack: all answered 2xx, exactly the right ones make jobs.</summary>
[Collection(FortifyStackCollection.Name)]
public sealed class FixtureDeliveryTests(FortifyStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_fixture_is_answered_2xx_and_exactly_the_scan_triggers_make_the_right_jobs()
    {
        var sender = stack.CreateSender();
        var agent = stack.CreateAgentApi();
        var fixtures = FixturePayload.All();
        Assert.True(fixtures.Count > 250, $"Expected the whole fixture set, found {fixtures.Count}.");

        var jobsMade = 0;
        foreach (var fixture in fixtures)
        {
            using var response = await sender.SendJsonAsync(fixture.Event, fixture.Json);
            Assert.True(response.IsSuccessStatusCode, $"{fixture}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (fixture.Event == "ping")
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                continue;
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var receipt = await WebhookSender.ReceiptAsync(response);
            var expected = fixture.ExpectedJob();
            if (expected is null)
            {
                Assert.True(receipt.JobId is null, $"{fixture} made job {receipt.JobId} ({receipt.Status}: {receipt.Reason}) but should make none.");
                Assert.NotEqual("failed", receipt.Status);
                continue;
            }

            Assert.True(receipt.JobId is not null, $"{fixture} made no job: {receipt.Status} {receipt.Reason}");
            var job = await agent.JobAsync(receipt.JobId.Value);
            Assert.NotNull(job);
            Assert.Equal(expected.Repository, (string?)job["repository"]);
            Assert.Equal(expected.Type, (string?)job["scan_target"]!["type"]);
            Assert.Equal(expected.Reference, (string?)job["scan_target"]!["reference"]);
            Assert.Equal(expected.CommitSha, (string?)job["scan_target"]!["commit_sha"]);
            Assert.Equal("webhook", (string?)job["trigger"]);
            Assert.Contains((string?)job["status"], new[] { "queued", "processing", "completed", "failed", "cancelled" });
            jobsMade++;
        }

        output.WriteLine($"{fixtures.Count} fixtures sent, {jobsMade} of them made or found a scan job.");
        Assert.Equal(fixtures.Count(f => f.ExpectedJob() is not null), jobsMade);
    }

    [Theory]
    [InlineData("pull_request", "opened.payload.json")]
    [InlineData("push", "with-new-branch.payload.json")]
    public async Task Form_encoded_deliveries_make_the_same_jobs(string gitHubEvent, string name)
    {
        var fixture = FixturePayload.Get(gitHubEvent, name);
        var expected = fixture.ExpectedJob()!;

        using var response = await stack.CreateSender().SendFormAsync(gitHubEvent, fixture.Json);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await WebhookSender.ReceiptAsync(response);
        Assert.NotNull(receipt.JobId);
        var job = await stack.CreateAgentApi().JobAsync(receipt.JobId.Value);
        Assert.Equal(expected.Type, (string?)job!["scan_target"]!["type"]);
        Assert.Equal(expected.Reference, (string?)job["scan_target"]!["reference"]);
        Assert.Equal(expected.CommitSha, (string?)job["scan_target"]!["commit_sha"]);
    }

    [Fact]
    public async Task A_stored_delivery_keeps_its_raw_body_headers_and_outcome()
    {
        var fixture = FixturePayload.Get("pull_request", "labeled.payload.json");
        var deliveryId = Guid.NewGuid().ToString();

        using var response = await stack.CreateSender().SendJsonAsync("pull_request", fixture.Json, deliveryId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var delivery = await stack.CreateAgentApi().DeliveryAsync(deliveryId);
        Assert.NotNull(delivery);
        Assert.Equal(deliveryId, (string?)delivery["event_id"]);
        Assert.Equal("pull_request", (string?)delivery["event_type"]);
        Assert.Equal("Codertocat/Hello-World", (string?)delivery["repository"]);
        Assert.Equal("labeled", (string?)delivery["metadata"]!["action"]);
        Assert.Equal("ignored", (string?)delivery["metadata"]!["outcome"]);
        Assert.False(string.IsNullOrEmpty((string?)delivery["metadata"]!["outcome_reason"]));
        Assert.NotNull(delivery["metadata"]!["headers"]!["X-Hub-Signature-256"]);
        Assert.NotNull(delivery["received_at"]);
        Assert.NotNull(delivery["processed_at"]);
    }
}
