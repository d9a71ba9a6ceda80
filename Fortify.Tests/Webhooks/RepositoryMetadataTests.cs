using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fortify.Tests.Infrastructure;

namespace Fortify.Tests.Webhooks;

[Collection(FortifyStackCollection.Name)]
public sealed class RepositoryMetadataTests(FortifyStack stack)
{
    [Fact]
    public async Task A_burst_of_deliveries_for_one_repository_makes_one_GitHub_call_and_its_metadata_reaches_the_jobs()
    {
        var repository = $"fortify-tests/metadata-{Guid.NewGuid():N}";
        var emulator = stack.CreateClient("github-emulator");
        using var created = await emulator.PostAsJsonAsync("/_emulator/repositories", new { full_name = repository, default_branch = "trunk", @private = true });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var head = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["head_sha"]!;
        var sender = stack.CreateSender();

        // Twenty deliveries of the branch's real head: the worker then reads the branch, never the repository itself.
        var push = DeliveryDurabilityTests.NewPush(repository, "trunk", head, newBranch: true);
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => sender.SendJsonAsync("push", push)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var calls = JsonNode.Parse(await emulator.GetStringAsync($"/_emulator/requests?path=/api/v3/repos/{repository}"))!.AsArray();
        Assert.Single(calls);
        var receipt = await WebhookSender.ReceiptAsync(responses[0]);
        var job = await stack.CreateAgentApi().JobAsync(receipt.JobId!.Value);
        Assert.Equal("trunk", (string?)job!["context"]!["default_branch"]);
        Assert.Equal("private", (string?)job["context"]!["visibility"]);
    }
}
