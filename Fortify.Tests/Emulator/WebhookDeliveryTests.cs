using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Octokit.Webhooks.Events;
using Octokit.Webhooks.Events.PullRequest;

namespace Fortify.Tests.Emulator;

public sealed class WebhookDeliveryTests(EmulatorFactory emulator) : IClassFixture<EmulatorFactory>
{
    private readonly HttpClient _client = emulator.CreateApiClient();

    [Fact]
    public async Task Opening_a_pull_request_delivers_a_signed_pull_request_opened_that_Octokit_reads()
    {
        await _client.CreateRepositoryAsync("acme/hooks-opened");
        var commit = await _client.CommitAsync("acme/hooks-opened", "feature", new() { ["app.py"] = "print(1)\n" });
        var opened = await _client.OpenPullRequestAsync("acme/hooks-opened", "feature");

        var delivery = emulator.Webhooks.Single(opened.GetProperty("delivery_ids")[0].GetString()!);
        Assert.Equal(new Uri(EmulatorFactory.WebhookUrl), delivery.Url);
        Assert.Equal("pull_request", delivery.Event);
        Assert.Equal("424242", delivery.Headers["X-GitHub-Hook-ID"]);
        Assert.Equal("integration", delivery.Headers["X-GitHub-Hook-Installation-Target-Type"]);
        Assert.StartsWith("GitHub-Hookshot/", delivery.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.StartsWith("application/json", delivery.Headers["Content-Type"], StringComparison.Ordinal);
        AssertSignedWithTheSecret(delivery);

        var payload = JsonSerializer.Deserialize<PullRequestEvent>(delivery.Body)!;
        Assert.Equal("opened", payload.Action);
        Assert.Equal(1, payload.Number);
        Assert.Equal(commit.GetProperty("sha").GetString(), payload.PullRequest.Head.Sha);
        Assert.Equal("feature", payload.PullRequest.Head.Ref);
        Assert.Equal("main", payload.PullRequest.Base.Ref);
        Assert.Equal("acme/hooks-opened", payload.Repository!.FullName);
        Assert.Equal(1, payload.Installation!.Id);
    }

    [Fact]
    public async Task A_commit_delivers_push_and_synchronize_with_before_and_after()
    {
        await _client.CreateRepositoryAsync("acme/hooks-push", new() { ["keep.txt"] = "keep\n", ["drop.txt"] = "drop\n" });
        var first = await _client.CommitAsync("acme/hooks-push", "feature", new() { ["new.txt"] = "new\n" });
        await _client.OpenPullRequestAsync("acme/hooks-push", "feature");
        var second = await _client.CommitAsync("acme/hooks-push", "feature", new() { ["keep.txt"] = "kept\n", ["drop.txt"] = null }, message: "Second");

        var ids = second.GetProperty("delivery_ids").EnumerateArray().Select(i => i.GetString()!).ToList();
        Assert.Equal(2, ids.Count);
        var push = emulator.Webhooks.Single(ids[0]);
        var synchronize = emulator.Webhooks.Single(ids[1]);
        AssertSignedWithTheSecret(push);
        AssertSignedWithTheSecret(synchronize);

        Assert.Equal("push", push.Event);
        var pushed = JsonSerializer.Deserialize<PushEvent>(push.Body)!;
        Assert.Equal("refs/heads/feature", pushed.Ref);
        Assert.Equal((first.GetProperty("sha").GetString(), second.GetProperty("sha").GetString()), (pushed.Before, pushed.After));
        Assert.False(pushed.Created);
        Assert.False(pushed.Deleted);
        var pushedCommit = Assert.Single(pushed.Commits);
        Assert.Equal("Second", pushedCommit.Message);
        Assert.Equal(["keep.txt"], pushedCommit.Modified);
        Assert.Equal(["drop.txt"], pushedCommit.Removed);
        Assert.Equal(pushed.After, pushed.HeadCommit!.Id);

        Assert.Equal("pull_request", synchronize.Event);
        var synchronized = JsonSerializer.Deserialize<PullRequestSynchronizeEvent>(synchronize.Body)!;
        Assert.Equal("synchronize", synchronized.Action);
        Assert.Equal((pushed.Before, pushed.After), (synchronized.Before, synchronized.After));
        Assert.Equal(pushed.After, synchronized.PullRequest.Head.Sha);

        // The first push created the branch.
        var created = JsonSerializer.Deserialize<PushEvent>(emulator.Webhooks.Single(first.GetProperty("delivery_ids")[0].GetString()!).Body)!;
        Assert.True(created.Created);
        Assert.Equal(new string('0', 40), created.Before);
        Assert.Equal(["new.txt"], Assert.Single(created.Commits).Added);
    }

    [Fact]
    public async Task Deliveries_are_recorded_for_the_control_api_and_GitHubs_delivery_log()
    {
        var repository = await _client.CreateRepositoryAsync("acme/hooks-log");
        var commit = await _client.CommitAsync("acme/hooks-log", "main", new() { ["a.txt"] = "a\n" });
        var guid = commit.GetProperty("delivery_ids")[0].GetString();

        using var control = await _client.GetAsync("/_emulator/deliveries");
        var recorded = Assert.Single((await EmulatorControl.JsonOf(control)).EnumerateArray(), d => d.GetProperty("guid").GetString() == guid);
        Assert.Equal(("push", 200, "received"), (recorded.GetProperty("event").GetString(), recorded.GetProperty("status_code").GetInt32(), recorded.GetProperty("response_body").GetString()));

        var token = await _client.MintTokenAsync("installation");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v3/repos/acme/hooks-log/hooks/424242/deliveries");
        using var response = await _client.SendAsync(request.WithToken(token));
        var log = Assert.Single((await EmulatorControl.JsonOf(response)).EnumerateArray());
        Assert.Equal((guid, "OK", repository.GetProperty("id").GetInt64()), (log.GetProperty("guid").GetString(), log.GetProperty("status").GetString(), log.GetProperty("repository_id").GetInt64()));
    }

    [Fact]
    public async Task A_commit_without_delivery_sends_nothing()
    {
        await _client.CreateRepositoryAsync("acme/hooks-quiet");
        using var response = await _client.PostAsJsonAsync("/_emulator/repositories/acme/hooks-quiet/commits", new
        {
            branch = "main",
            files = new Dictionary<string, string?> { ["a.txt"] = "a\n" },
            deliver = false,
        });

        Assert.Empty((await EmulatorControl.JsonOf(response)).GetProperty("delivery_ids").EnumerateArray());
        Assert.DoesNotContain(emulator.Webhooks.Received, w => Encoding.UTF8.GetString(w.Body).Contains("acme/hooks-quiet", StringComparison.Ordinal));
    }

    /// <summary>The check Fortify's proxy makes: HMAC-SHA256 of the exact body bytes with the shared secret.</summary>
    private static void AssertSignedWithTheSecret(CapturedWebhook delivery)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(EmulatorFactory.WebhookSecret), delivery.Body));
        Assert.Equal(expected, delivery.Headers["X-Hub-Signature-256"]);
    }
}
