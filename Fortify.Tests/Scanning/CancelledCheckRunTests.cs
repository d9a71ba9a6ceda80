using System.Net;
using Fortify.Core.Jobs;
using Fortify.Tests.Infrastructure;
using Fortify.Tests.Webhooks;

namespace Fortify.Tests.Scanning;

/// <summary>
/// A job cancelled after its check run was opened: the run is closed as neutral, and the job then leaves the set the
/// report retrier reads every two seconds, which its partial index holds.
/// </summary>
[Collection(FortifyStackCollection.Name)]
public sealed class CancelledCheckRunTests(FortifyStack stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_job_superseded_after_its_check_run_opened_closes_the_run_neutral_and_leaves_the_set_to_close()
    {
        var github = stack.CreateEmulatedGitHub();
        var repository = $"fortify-tests/superseded-{Guid.NewGuid():N}";
        await github.CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = "# Service\n" });
        var older = await github.CommitAsync(repository, "topic", new Dictionary<string, string?> { ["a.txt"] = "a\n" });
        // The first attempt is told to come back later (longer than a worker waits in place), so the job sits queued
        // and the agent opens its check run, as when the workers are busy.
        await stack.CreateEmulatorApi().AddFaultAsync($"/api/v3/repos/{repository}/branches", status: 429, times: 1, retryAfterSeconds: 15);

        using var response = await stack.CreateSender().SendJsonAsync("push", DeliveryDurabilityTests.NewPush(repository, "topic", older, newBranch: true));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = await JobOfAsync(repository);
        var queued = await ScanAgentApi.EventuallyAsync(() => github.CheckRunsAsync(repository, older), runs => runs.Count > 0, Patience);
        Assert.Equal("queued", (string?)Assert.Single(queued)!["status"]);
        // The branch moves on before the retry, which then finds the job superseded.
        await github.CommitAsync(repository, "topic", new Dictionary<string, string?> { ["b.txt"] = "b\n" });

        var runs = await ScanAgentApi.EventuallyAsync(
            () => github.CheckRunsAsync(repository, older), runs => runs.Any(r => (string?)r!["status"] == "completed"), Patience);
        var run = Assert.Single(runs)!;
        Assert.Equal("completed", (string?)run["status"]);
        Assert.Equal("neutral", (string?)run["conclusion"]);
        Assert.Equal("Not scanned: superseded", (string?)run["output"]!["title"]);
        Assert.Equal("cancelled", (string?)(await stack.CreateAgentApi().JobAsync(jobId))!["status"]);

        var database = await FortifyDatabase.OfAsync(stack);
        var state = await ScanAgentApi.EventuallyAsync(
            async () => Assert.Single(await database.QueryAsync("""SELECT "CheckRunState" FROM scan_jobs WHERE "JobId" = @id""", ("id", jobId))),
            state => state == "Closed",
            TimeSpan.FromSeconds(10));
        Assert.Equal("Closed", state);
        Assert.Empty(await database.QueryAsync($"""SELECT "JobId" FROM scan_jobs WHERE {ScanJobFilters.CheckRunsToClose} AND "JobId" = @id""", ("id", jobId)));
        var report = await database.QueryAsync("""SELECT "State" FROM scan_reports WHERE "JobId" = @id""", ("id", jobId));
        Assert.Equal(["Reported"], report);
    }

    [Fact]
    public async Task The_retriers_query_reads_the_jobs_to_close_through_their_partial_index()
    {
        var database = await FortifyDatabase.OfAsync(stack);

        // Without a sequential scan to fall back on, only an index whose predicate the query implies can serve it.
        var plan = await database.QueryAsync($"""
            SET enable_seqscan = off;
            EXPLAIN SELECT j."JobId" FROM scan_jobs j
            WHERE {ScanJobFilters.CheckRunsToClose}
              AND NOT EXISTS (SELECT 1 FROM scan_reports r WHERE r."JobId" = j."JobId")
            LIMIT 20
            """);

        Assert.Contains(plan, line => line!.Contains("on ix_scan_jobs_check_runs_to_close", StringComparison.Ordinal)
            || line.Contains("using ix_scan_jobs_check_runs_to_close", StringComparison.Ordinal));
    }

    /// <summary>The repository's one job; read back rather than from the receipt, since a slow agent spools the delivery.</summary>
    private async Task<Guid> JobOfAsync(string repository)
    {
        var agent = stack.CreateAgentApi();
        var jobs = await ScanAgentApi.EventuallyAsync(
            async () => (await agent.GetAsync($"/api/jobs?repository={repository}"))!["items"]!.AsArray(), jobs => jobs.Count > 0, Patience);
        return Guid.Parse((string)Assert.Single(jobs)!["job_id"]!);
    }
}
