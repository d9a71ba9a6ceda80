using System.Diagnostics;
using System.Text.Json.Nodes;
using Fortify.Tests.Infrastructure;
using Xunit.Abstractions;
using static Fortify.Tests.Scanning.ScanScenarios;

namespace Fortify.Tests.Scanning;

/// <summary>
/// End to end with a personal access token instead of a GitHub App: GitHub lets a token write commit statuses but not
/// check runs, so the scan's outcome must reach the commit as a Fortify status, pending while queued or scanning.
/// </summary>
public sealed class CommitStatusScanTests(TokenAuthenticatedStack stack, ITestOutputHelper output) : IClassFixture<TokenAuthenticatedStack>
{
    private const string Context = "Fortify";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_pull_request_adding_an_aws_key_goes_from_pending_to_a_failure_status_naming_it_without_a_check_run()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = NewRepositoryName("status-leak");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var key = PlantedAwsKey();
        var head = await github.CommitAsync(repository, "add-settings", new Dictionary<string, string?>
        {
            ["config/settings.py"] = $"DEBUG = False\nREGION = \"eu-west-1\"\nAWS_ACCESS_KEY_ID = \"{key}\"\nTIMEOUT = 30\n",
        });

        await github.OpenPullRequestAsync(repository, "add-settings");
        var statuses = await FinalStatusesAsync(github, repository, head);

        var final = statuses[0]!;
        Assert.Equal("failure", (string?)final["state"]);
        var description = (string?)final["description"];
        Assert.Contains("aws-access-key-id at config/settings.py:3", description, StringComparison.Ordinal);
        Assert.DoesNotContain(key, description, StringComparison.Ordinal);
        // Newest first: the pending status was set before the final one, while the job was queued or scanning.
        Assert.Contains(statuses.Skip(1), s => (string?)s!["state"] == "pending");
        Assert.Equal("failure", (string?)(await github.CombinedStatusAsync(repository, head))["state"]);
        await AssertNoCheckRunAsync(github, repository, head);
    }

    [Fact]
    public async Task A_clean_pull_request_gets_a_success_status()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = NewRepositoryName("status-clean");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var head = await github.CommitAsync(repository, "docs", new Dictionary<string, string?>
        {
            ["docs/usage.md"] = "# Usage\n\nRun `make` and read the output.\n",
        });

        await github.OpenPullRequestAsync(repository, "docs");
        var statuses = await FinalStatusesAsync(github, repository, head);

        Assert.Equal("success", (string?)statuses[0]!["state"]);
        Assert.Equal("No findings", (string?)statuses[0]!["description"]);
        Assert.Contains(statuses.Skip(1), s => (string?)s!["state"] == "pending");
        Assert.Equal("success", (string?)(await github.CombinedStatusAsync(repository, head))["state"]);
        await AssertNoCheckRunAsync(github, repository, head);
    }

    [Fact]
    public async Task A_commit_superseded_before_its_scan_ends_with_an_error_status_saying_it_was_not_scanned()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = NewRepositoryName("status-superseded");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var older = await github.CommitAsync(repository, "topic", new Dictionary<string, string?> { ["a.txt"] = "a\n" });
        // The first attempt is told to come back later, so the job sits queued with its pending status.
        await stack.CreateEmulatorApi().AddFaultAsync($"/api/v3/repos/{repository}/branches", status: 429, times: 1, retryAfterSeconds: 15);

        using var response = await stack.CreateSender().SendJsonAsync("push", Webhooks.DeliveryDurabilityTests.NewPush(repository, "topic", older, newBranch: true));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var queued = await ScanAgentApi.EventuallyAsync(() => FortifyStatusesAsync(github, repository, older), s => s.Count > 0, Patience);
        Assert.Equal("pending", (string?)queued[0]!["state"]);
        // The branch moves on before the retry, which then finds the job superseded.
        await github.CommitAsync(repository, "topic", new Dictionary<string, string?> { ["b.txt"] = "b\n" });

        var statuses = await FinalStatusesAsync(github, repository, older);
        Assert.Equal("error", (string?)statuses[0]!["state"]);
        Assert.Equal("Not scanned: superseded", (string?)statuses[0]!["description"]);
        await AssertNoCheckRunAsync(github, repository, older);
    }

    [Fact]
    public async Task A_queued_status_held_up_at_github_never_lands_after_the_final_one()
    {
        // Only a job the agent opens before a worker takes it plays the race, which the token stack's slow worker
        // poll makes likely but not certain; a round where a worker came first proves nothing and is played again.
        for (var round = 0; round < 3; round++)
        {
            if (await HoldTheQueuedStatusAsync())
            {
                return;
            }
        }

        Assert.Fail("In three rounds a worker always took the job before the agent opened it: the race was never played.");
    }

    /// <summary>
    /// Holds the first status GitHub receives for a new pull request longer than a scan takes; when that is the agent's
    /// "queued" one, the worker's outcome is ready first, and must still be what the commit shows in the end.
    /// </summary>
    /// <returns>Whether the held status was the agent's, landing after the worker's "scanning" one.</returns>
    private async Task<bool> HoldTheQueuedStatusAsync()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = NewRepositoryName("status-held");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var head = await github.CommitAsync(repository, "keys", new Dictionary<string, string?>
        {
            ["keys.py"] = $"AWS_ACCESS_KEY_ID = \"{PlantedAwsKey()}\"\n",
        });
        var hold = TimeSpan.FromSeconds(45);
        Assert.True(hold < TokenAuthenticatedStack.AgentAttemptTimeout - TimeSpan.FromSeconds(5), "The agent would give up on the held status.");
        await stack.CreateEmulatorApi().AddFaultAsync(
            $"/api/v3/repos/{repository}/statuses", status: null, times: 1, delayMilliseconds: (int)hold.TotalMilliseconds);
        var clock = Stopwatch.StartNew();

        await github.OpenPullRequestAsync(repository, "keys");
        // Read once the held status has surely been answered (it is sent within seconds), so a late one would show.
        var statuses = await ScanAgentApi.EventuallyAsync(
            () => FortifyStatusesAsync(github, repository, head),
            s => clock.Elapsed > hold + TimeSpan.FromSeconds(15) && s.Count > 0 && (string?)s[0]!["state"] != "pending",
            hold + Patience);

        var history = string.Join(" < ", statuses.AsEnumerable().Reverse().Select(s => $"{s!["state"]} \"{s["description"]}\""));
        Assert.True(statuses.Count > 0 && (string?)statuses[0]!["state"] == "failure", $"Fortify's statuses, oldest first: {history}");
        Assert.Equal("failure", (string?)(await github.CombinedStatusAsync(repository, head))["state"]);
        var queued = statuses.FindIndex(s => (string?)s!["description"] == "Queued for scanning");
        var scanning = statuses.FindIndex(s => (string?)s!["description"] == "Scanning…");
        var played = queued >= 0 && scanning >= 0 && queued < scanning;
        output.WriteLine($"{(played ? "Race played" : "A worker came first")}; statuses, oldest first: {history}");
        return played;
    }

    /// <summary>Fortify's statuses on the commit, newest first, once the newest is no longer pending.</summary>
    private static async Task<List<JsonNode?>> FinalStatusesAsync(EmulatedGitHub github, string repository, string sha)
    {
        var statuses = await ScanAgentApi.EventuallyAsync(
            () => FortifyStatusesAsync(github, repository, sha),
            s => s.Count > 0 && (string?)s[0]!["state"] != "pending",
            Patience);
        Assert.True(statuses.Count > 0, $"Fortify set no status on {sha}.");
        Assert.NotEqual("pending", (string?)statuses[0]!["state"]);
        return statuses;
    }

    private static async Task<List<JsonNode?>> FortifyStatusesAsync(EmulatedGitHub github, string repository, string sha) =>
        [.. (await github.StatusesAsync(repository, sha)).Where(s => (string?)s!["context"] == Context)];

    /// <summary>None on the commit, and none even tried: a token's reporting must not lean on GitHub refusing it.</summary>
    private async Task AssertNoCheckRunAsync(EmulatedGitHub github, string repository, string sha)
    {
        Assert.Empty(await github.CheckRunsAsync(repository, sha));
        Assert.Empty(await stack.CreateEmulatorApi().RequestsAsync($"/api/v3/repos/{repository}/check-runs"));
    }
}
