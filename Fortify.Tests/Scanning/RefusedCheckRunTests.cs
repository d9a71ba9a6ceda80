using System.Net;
using System.Text.Json.Nodes;
using Fortify.Core.Repositories;
using Fortify.Core.Scanning;
using Fortify.Tests.Infrastructure;
using Fortify.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using static Fortify.Tests.Scanning.ScanScenarios;

namespace Fortify.Tests.Scanning;

/// <summary>
/// GitHub refuses a repository's check runs for a reason all its jobs share (here a 404, as for a repository the App
/// cannot see): the pause is kept with the repository, so every agent replica, and an agent that restarted, knows it;
/// the jobs made while it lasts are born parked, and when it ends one job asks for all of them.
/// </summary>
/// <remarks>On the disrupted stack: the agent restarts, forgetting everything it kept in memory.</remarks>
[Collection(DisruptedStackCollection.Name)]
public sealed class RefusedCheckRunTests(FortifyStack stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_github_refuses_a_repositorys_check_runs_its_next_job_is_born_parked()
    {
        var github = stack.CreateEmulatedGitHub();
        var emulator = stack.CreateEmulatorApi();
        var repository = NewRepositoryName("refused");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var first = await github.CommitAsync(repository, "first", new Dictionary<string, string?> { ["a.txt"] = "a\n" });
        var second = await github.CommitAsync(repository, "second", new Dictionary<string, string?> { ["b.txt"] = "b\n" });
        await emulator.AddFaultAsync($"/api/v3/repos/{repository}/check-runs", status: 404);
        await KeepJobsQueuedAsync(emulator, repository);
        var sender = stack.CreateSender();
        var database = await FortifyDatabase.OfAsync(stack);

        using (var response = await sender.SendJsonAsync("push", DeliveryDurabilityTests.NewPush(repository, "first", first, newBranch: true)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var pausedFor = await ScanAgentApi.EventuallyAsync(
            async () => Assert.Single(await database.QueryAsync(
                """SELECT EXTRACT(EPOCH FROM "CheckRunsPausedUntil" - now()) FROM repository_settings WHERE "Repository" = @r""", ("r", repository))),
            seconds => seconds is not null,
            Patience);
        // The first refusal in a row pauses the repository for 30 seconds.
        Assert.InRange(double.Parse(pausedFor!, System.Globalization.CultureInfo.InvariantCulture), 10, 31);
        Assert.Equal(["1"], await database.QueryAsync("""SELECT "CheckRunRefusals" FROM repository_settings WHERE "Repository" = @r""", ("r", repository)));
        await RestartAgentAsync();

        using (var response = await sender.SendJsonAsync("push", DeliveryDurabilityTests.NewPush(repository, "second", second, newBranch: true)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var agent = stack.CreateAgentApi();
        var jobs = await ScanAgentApi.EventuallyAsync(() => agent.JobsOfAsync(repository), jobs => jobs.Count == 2, Patience);
        var secondJob = jobs.Single(j => (string?)j!["scan_target"]!["commit_sha"] == second)!;
        var bornParked = await database.QueryAsync(
            """SELECT "CheckRunState" FROM scan_jobs WHERE "JobId" = @id""", ("id", Guid.Parse((string)secondJob["job_id"]!)));
        Assert.Equal(["Parked"], bornParked);
        // Asked once, for the first job. The agent is woken by every new job, so a second ask would come at once.
        var asked = await ScanAgentApi.EventuallyAsync(
            () => emulator.RequestsAsync($"/api/v3/repos/{repository}/check-runs"), requests => requests.Count > 1, TimeSpan.FromSeconds(5));
        Assert.Single(asked);
    }

    [Fact]
    public async Task Each_refusal_in_a_row_doubles_the_pause_up_to_30_minutes_a_refusal_during_a_pause_is_not_counted_and_resuming_starts_again()
    {
        var repository = NewRepositoryName("backoff");
        // Whole seconds: Postgres keeps microseconds, .NET ticks of 100 ns.
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await using var db = (await FortifyDatabase.OfAsync(stack)).CreateContext();
        db.RepositorySettings.Add(new RepositorySettings { Repository = repository, CreatedAt = at, UpdatedAt = at });
        await db.SaveChangesAsync();

        var pauses = new List<double>();
        for (var refusal = 0; refusal < 8; refusal++)
        {
            var until = await db.PauseAsync(repository, at, CancellationToken.None);
            // Another replica, refused by the same outage a moment later: the same pause, not a longer one.
            Assert.Equal(until, await db.PauseAsync(repository, at.AddSeconds(1), CancellationToken.None));
            pauses.Add((until - at).TotalSeconds);
            at = until;
        }

        Assert.Equal([30, 60, 120, 240, 480, 960, 1800, 1800], pauses);
        await db.ResumeAsync(repository, at, CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(30), await db.PauseAsync(repository, at, CancellationToken.None) - at);
    }

    [Fact]
    public async Task A_check_run_github_takes_after_a_pause_starts_the_count_of_refusals_again()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = NewRepositoryName("resumed");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var head = await github.CommitAsync(repository, "topic", new Dictionary<string, string?> { ["a.txt"] = "a\n" });
        await KeepJobsQueuedAsync(stack.CreateEmulatorApi(), repository);
        var database = await FortifyDatabase.OfAsync(stack);
        await PausedBeforeAsync(database, repository, refusals: 3, until: DateTimeOffset.UtcNow.AddSeconds(-1));

        using (var response = await stack.CreateSender().SendJsonAsync("push", DeliveryDurabilityTests.NewPush(repository, "topic", head, newBranch: true)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var runs = await ScanAgentApi.EventuallyAsync(() => github.CheckRunsAsync(repository, head), runs => runs.Count > 0, Patience);
        Assert.Equal("queued", (string?)Assert.Single(runs)!["status"]);
        var refusals = await ScanAgentApi.EventuallyAsync(
            () => RefusalsAsync(database, repository), refusals => refusals.SequenceEqual(["0", null]), TimeSpan.FromSeconds(10));
        Assert.Equal(["0", null], refusals);
    }

    [Fact]
    public async Task When_a_pause_ends_one_parked_job_asks_github_refused_the_pause_doubles_taken_every_parked_job_gets_its_run()
    {
        var github = stack.CreateEmulatedGitHub();
        var emulator = stack.CreateEmulatorApi();
        var repository = NewRepositoryName("probed");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var branches = new[] { "one", "two", "three" };
        var heads = new List<string>();
        foreach (var branch in branches)
        {
            heads.Add(await github.CommitAsync(repository, branch, new Dictionary<string, string?> { [$"{branch}.txt"] = $"{branch}\n" }));
        }

        // The probe is refused once, then GitHub takes the repository's runs again.
        await emulator.AddFaultAsync($"/api/v3/repos/{repository}/check-runs", status: 404, times: 1);
        await KeepJobsQueuedAsync(emulator, repository);
        var database = await FortifyDatabase.OfAsync(stack);
        await PausedBeforeAsync(database, repository, refusals: 1, until: DateTimeOffset.UtcNow.AddMinutes(10));
        var sender = stack.CreateSender();
        for (var i = 0; i < branches.Length; i++)
        {
            using var response = await sender.SendJsonAsync("push", DeliveryDurabilityTests.NewPush(repository, branches[i], heads[i], newBranch: true));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var bornParked = await ScanAgentApi.EventuallyAsync(
            () => CheckRunStatesAsync(database, repository), states => states.Count == 3, TimeSpan.FromSeconds(10));
        Assert.Equal(["Parked", "Parked", "Parked"], bornParked);
        Assert.Empty(await emulator.RequestsAsync($"/api/v3/repos/{repository}/check-runs"));

        await EndPauseAsync(database, repository);
        var refusals = await ScanAgentApi.EventuallyAsync(
            () => RefusalsAsync(database, repository), refusals => refusals[0] == "2" && refusals[1] is not null, Patience);
        Assert.Equal("2", refusals[0]);
        // One job asked for all three, and went back to wait with the others (it is parked just after the pause).
        Assert.Single(await emulator.RequestsAsync($"/api/v3/repos/{repository}/check-runs"));
        var parked = await ScanAgentApi.EventuallyAsync(
            () => CheckRunStatesAsync(database, repository), states => states.All(s => s == "Parked"), TimeSpan.FromSeconds(10));
        Assert.Equal(["Parked", "Parked", "Parked"], parked);

        await EndPauseAsync(database, repository);
        foreach (var head in heads)
        {
            var runs = await ScanAgentApi.EventuallyAsync(() => github.CheckRunsAsync(repository, head), runs => runs.Count > 0, Patience);
            Assert.Equal("queued", (string?)Assert.Single(runs)!["status"]);
        }

        // Recorded just after GitHub answered.
        var states = await ScanAgentApi.EventuallyAsync(
            () => CheckRunStatesAsync(database, repository), states => states.All(s => s == "Open"), TimeSpan.FromSeconds(10));
        Assert.Equal(["Open", "Open", "Open"], states);
        Assert.Equal(["0", null], await RefusalsAsync(database, repository));
    }

    [Fact]
    public async Task Installing_the_app_on_a_paused_repository_ends_the_pause()
    {
        var repository = NewRepositoryName("reinstalled");
        var database = await FortifyDatabase.OfAsync(stack);
        await PausedBeforeAsync(database, repository, refusals: 3, until: DateTimeOffset.UtcNow.AddMinutes(10));
        var added = JsonNode.Parse(FixturePayload.Get("installation_repositories", "added.payload.json").Json)!;
        added["repositories_added"]![0]!["full_name"] = repository;
        added["repositories_added"]![0]!["name"] = repository.Split('/')[1];

        using (var response = await stack.CreateSender().SendJsonAsync("installation_repositories", added.ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var refusals = await ScanAgentApi.EventuallyAsync(
            () => RefusalsAsync(database, repository), refusals => refusals.SequenceEqual(["0", null]), Patience);
        Assert.Equal(["0", null], refusals);
    }

    /// <summary>
    /// Every job's attempt is told to come back in five minutes, so the jobs sit queued where the agent opens check
    /// runs, and no worker asks GitHub for a check run while the test looks.
    /// </summary>
    private static Task KeepJobsQueuedAsync(EmulatorApi emulator, string repository) =>
        emulator.AddFaultAsync($"/api/v3/repos/{repository}/branches", status: 429, retryAfterSeconds: 300);

    private static async Task PausedBeforeAsync(FortifyDatabase database, string repository, int refusals, DateTimeOffset until)
    {
        await using var db = database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        db.RepositorySettings.Add(new RepositorySettings
        {
            Repository = repository, CreatedAt = now, UpdatedAt = now, CheckRunRefusals = refusals, CheckRunsPausedUntil = until,
        });
        await db.SaveChangesAsync();
    }

    private static Task EndPauseAsync(FortifyDatabase database, string repository) =>
        database.QueryAsync("""
            UPDATE repository_settings SET "CheckRunsPausedUntil" = now() - interval '1 second' WHERE "Repository" = @r RETURNING 1
            """, ("r", repository));

    private static async Task<List<string?>> CheckRunStatesAsync(FortifyDatabase database, string repository) =>
        await database.QueryAsync("""
            SELECT "CheckRunState" FROM scan_jobs WHERE "Repository" = @r ORDER BY "CreatedAt"
            """, ("r", repository));

    /// <summary>The repository's count of refusals and the end of its pause.</summary>
    private static async Task<List<string?>> RefusalsAsync(FortifyDatabase database, string repository) =>
        await database.QueryAsync("""
            SELECT "CheckRunRefusals"::text FROM repository_settings WHERE "Repository" = @r
            UNION ALL
            SELECT "CheckRunsPausedUntil"::text FROM repository_settings WHERE "Repository" = @r
            """, ("r", repository));

    private async Task RestartAgentAsync()
    {
        var commands = stack.App.Services.GetRequiredService<ResourceCommandService>();
        var stopped = await commands.ExecuteCommandAsync("scan-agent", KnownResourceCommands.StopCommand);
        Assert.True(stopped.Success, stopped.Message);
        await stack.App.StartUntilHealthyAsync("scan-agent");
    }
}
