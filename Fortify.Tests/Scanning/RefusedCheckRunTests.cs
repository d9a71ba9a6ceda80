using System.Net;
using Fortify.Core.Repositories;
using Fortify.Core.Scanning;
using Fortify.Tests.Infrastructure;
using Fortify.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using static Fortify.Tests.Scanning.ScanScenarios;

namespace Fortify.Tests.Scanning;

/// <summary>
/// GitHub refuses a repository's check runs for a reason all its jobs share (here a 404, as for a repository the App
/// cannot see): the pause is kept with the repository, so every agent replica, and an agent that restarted, knows it,
/// and the jobs made while it lasts are born waiting instead of being read and written back one by one.
/// </summary>
/// <remarks>On the disrupted stack: the agent restarts, forgetting everything it kept in memory.</remarks>
[Collection(DisruptedStackCollection.Name)]
public sealed class RefusedCheckRunTests(FortifyStack stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_github_refuses_a_repositorys_check_runs_its_next_job_is_born_waiting_for_the_pause_to_end()
    {
        var github = stack.CreateEmulatedGitHub();
        var emulator = stack.CreateEmulatorApi();
        var repository = NewRepositoryName("refused");
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var first = await github.CommitAsync(repository, "first", new Dictionary<string, string?> { ["a.txt"] = "a\n" });
        var second = await github.CommitAsync(repository, "second", new Dictionary<string, string?> { ["b.txt"] = "b\n" });
        await emulator.AddFaultAsync($"/api/v3/repos/{repository}/check-runs", status: 404);
        // Each job's first attempt is told to come back later, so both sit queued where the agent opens check runs.
        await emulator.AddFaultAsync($"/api/v3/repos/{repository}/branches", status: 429, times: 2, retryAfterSeconds: 20);
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
        var bornWaiting = await database.QueryAsync("""
            SELECT j."CheckRunClaimedAt" = s."CheckRunsPausedUntil" AND j."CheckRunState" = 'Pending'
            FROM scan_jobs j JOIN repository_settings s ON s."Repository" = j."Repository"
            WHERE j."JobId" = @id
            """, ("id", Guid.Parse((string)secondJob["job_id"]!)));
        Assert.Equal(["True"], bornWaiting);
        // Asked once, for the first job. The agent is woken by every new job, so a second ask would come at once.
        var asked = await ScanAgentApi.EventuallyAsync(
            () => emulator.RequestsAsync($"/api/v3/repos/{repository}/check-runs"), requests => requests.Count > 1, TimeSpan.FromSeconds(5));
        Assert.Single(asked);
    }

    [Fact]
    public async Task Each_refusal_in_a_row_doubles_the_pause_up_to_30_minutes_and_a_check_run_github_takes_starts_the_count_again()
    {
        var repository = NewRepositoryName("backoff");
        // Whole seconds: Postgres keeps microseconds, .NET ticks of 100 ns.
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await using var db = (await FortifyDatabase.OfAsync(stack)).CreateContext();
        db.RepositorySettings.Add(new RepositorySettings { Repository = repository, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync();

        var pauses = new List<TimeSpan>();
        for (var refusal = 0; refusal < 8; refusal++)
        {
            pauses.Add(await db.PauseRepositoryAsync(repository, now, CancellationToken.None) - now);
        }

        Assert.Equal([30, 60, 120, 240, 480, 960, 1800, 1800], pauses.Select(p => p.TotalSeconds));
        await db.ResumeRepositoryAsync(repository, CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(30), await db.PauseRepositoryAsync(repository, now, CancellationToken.None) - now);
    }

    private async Task RestartAgentAsync()
    {
        var commands = stack.App.Services.GetRequiredService<ResourceCommandService>();
        var restarted = await commands.ExecuteCommandAsync("scan-agent", KnownResourceCommands.RestartCommand);
        Assert.True(restarted.Success, restarted.Message);
        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("scan-agent").WaitAsync(TimeSpan.FromMinutes(2));
    }
}
