using System.Net;
using System.Text.Json.Nodes;
using Fortify.Tests.Infrastructure;

namespace Fortify.Tests.Webhooks;

/// <summary>A delivery answered 2xx is never lost and never makes two jobs.</summary>
[Collection(FortifyStackCollection.Name)]
public sealed class DeliveryDurabilityTests(FortifyStack stack)
{
    [Fact]
    public async Task A_delivery_sent_twice_makes_one_job()
    {
        var push = NewPush("fortify-tests/twice");
        var deliveryId = Guid.NewGuid().ToString();
        var sender = stack.CreateSender();

        using var first = await sender.SendJsonAsync("push", push, deliveryId);
        using var second = await sender.SendJsonAsync("push", push, deliveryId);

        var firstReceipt = await WebhookSender.ReceiptAsync(first);
        var secondReceipt = await WebhookSender.ReceiptAsync(second);
        Assert.NotNull(firstReceipt.JobId);
        Assert.Equal(firstReceipt.JobId, secondReceipt.JobId);
        Assert.Equal(1, await CountJobsAsync("fortify-tests/twice"));
    }

    [Fact]
    public async Task A_delivery_sent_20_times_at_once_makes_one_job()
    {
        var repository = $"fortify-tests/burst-{Guid.NewGuid():N}";
        var push = NewPush(repository);
        var deliveryId = Guid.NewGuid().ToString();
        var sender = stack.CreateSender();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => sender.SendJsonAsync("push", push, deliveryId)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var receipts = await Task.WhenAll(responses.Select(WebhookSender.ReceiptAsync));
        Assert.Single(receipts.Select(r => r.JobId).Distinct());
        Assert.NotNull(receipts[0].JobId);
        Assert.Equal(1, await CountJobsAsync(repository));
        var stored = await stack.CreateAgentApi().GetAsync($"/api/deliveries?repository={repository}");
        Assert.Single(stored!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_newer_commit_on_the_same_branch_cancels_the_older_queued_job()
    {
        var repository = $"fortify-tests/supersede-{Guid.NewGuid():N}";
        var agent = stack.CreateAgentApi();
        var sender = stack.CreateSender();
        using var older = await sender.SendJsonAsync("push", NewPush(repository, "main"));
        using var newer = await sender.SendJsonAsync("push", NewPush(repository, "main"));
        var newerAnswered = DateTimeOffset.UtcNow;

        var olderJob = await agent.JobAsync((await WebhookSender.ReceiptAsync(older)).JobId!.Value);
        var newerJob = await agent.JobAsync((await WebhookSender.ReceiptAsync(newer)).JobId!.Value);
        if ((string?)olderJob!["status"] == "cancelled")
        {
            Assert.Equal((string?)newerJob!["job_id"], (string?)olderJob["superseded_by"]);
        }
        else
        {
            // Workers run: a worker may take the older job before the newer commit's statement reaches it (even after
            // the newer job's creation time was stamped). Then it was running before the newer job was committed,
            // which is before the newer delivery was answered; a job still queued then must have been cancelled.
            var olderStarted = (DateTimeOffset?)olderJob["started_at"];
            Assert.NotNull(olderStarted);
            Assert.NotNull(newerJob);
            Assert.True(olderStarted <= newerAnswered, $"Older job started at {olderStarted:O}, after the newer delivery was answered at {newerAnswered:O}.");
        }
    }

    [Fact]
    public async Task A_replay_processes_a_stored_delivery_again()
    {
        var deliveryId = Guid.NewGuid().ToString();
        using var sent = await stack.CreateSender().SendJsonAsync("push", NewPush($"fortify-tests/replay-{Guid.NewGuid():N}"), deliveryId);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        using var replay = await stack.CreateAgentApi().SendAsync(HttpMethod.Post, $"/api/deliveries/{deliveryId}/replay");
        using var missing = await stack.CreateAgentApi().SendAsync(HttpMethod.Post, $"/api/deliveries/{Guid.NewGuid()}/replay");

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("processed", (string?)JsonNode.Parse(await replay.Content.ReadAsStringAsync())!["status"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var delivery = await stack.CreateAgentApi().DeliveryAsync(deliveryId);
        Assert.Equal(2, (int?)delivery!["metadata"]!["attempts"]);
    }

    private async Task<int> CountJobsAsync(string repository) => (await stack.CreateAgentApi().JobsOfAsync(repository)).Count;

    /// <summary>GitHub's own push payload, moved to the given repository and branch and a new random commit.</summary>
    public static string NewPush(string repository, string branch = "main") =>
        NewPush(repository, branch, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)), newBranch: false);

    /// <summary>A push of <paramref name="after"/>; a new branch is scanned in full, without a comparison.</summary>
    public static string NewPush(string repository, string branch, string after, bool newBranch)
    {
        var push = JsonNode.Parse(FixturePayload.Get("push", "with-new-branch.payload.json").Json)!;
        var (owner, name) = (repository.Split('/')[0], repository.Split('/')[1]);
        push["ref"] = $"refs/heads/{branch}";
        push["after"] = after;
        push["created"] = newBranch;
        if (newBranch)
        {
            push["before"] = new string('0', 40);
        }

        push["repository"]!["full_name"] = repository;
        push["repository"]!["name"] = name;
        push["repository"]!["owner"]!["login"] = owner;
        push["repository"]!["owner"]!["name"] = owner;
        return push.ToJsonString();
    }
}
