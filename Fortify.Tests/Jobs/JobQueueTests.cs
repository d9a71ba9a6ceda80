using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fortify.Tests.Infrastructure;
using Fortify.Tests.Webhooks;
using StackExchange.Redis;

namespace Fortify.Tests.Jobs;

/// <summary>The worker pool: at-least-once delivery, exactly-once effect, retries, dead letters, priorities.</summary>
[Collection(FortifyStackCollection.Name)]
public sealed class JobQueueTests(FortifyStack stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_job_completes_once_with_its_audit_trail_and_a_completion_notice()
    {
        var repository = await NewRepositoryAsync("complete");
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await stack.App.GetConnectionStringAsync("redis"))!);
        var notices = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal("fortify:scan-completed"), (_, message) => notices.Enqueue(message!));

        var jobId = await SendPushAsync(repository);
        var job = await WaitForStatusAsync(jobId, "completed");

        Assert.Equal(1, (int?)job["attempts"]);
        var events = await EventsAsync(jobId);
        Assert.Equal(["queued", "processing", "completed"], events.Select(e => (string)e!["status"]!));
        var notice = await ScanAgentApi.EventuallyAsync(() => Task.FromResult(notices.FirstOrDefault(n => n.Contains(jobId.ToString()))), n => n is not null, Patience);
        Assert.NotNull(notice);
        Assert.Equal("completed", (string?)JsonNode.Parse(notice)!["status"]);
    }

    [Fact]
    public async Task A_permanent_failure_fails_at_once_and_is_dead_lettered()
    {
        // The emulator has no such repository: GitHub's 404 means it is gone, which no retry fixes.
        var repository = $"fortify-tests/gone-{Guid.NewGuid():N}";

        using var response = await stack.CreateSender().SendJsonAsync("push", DeliveryDurabilityTests.NewPush(repository));
        var jobId = await JobOfAsync(await WebhookSender.ReceiptAsync(response));
        var job = await WaitForStatusAsync(jobId, "failed");

        Assert.Equal(1, (int?)job["attempts"]);
        Assert.Contains("gone", (string?)job["last_error"]);
        await AssertDeadLetteredAsync(jobId);
    }

    [Fact]
    public async Task A_job_that_always_fails_is_retried_then_dead_lettered_and_can_be_requeued()
    {
        var repository = await NewRepositoryAsync("flaky");
        var emulator = stack.CreateEmulatorApi();
        await emulator.AddFaultAsync($"/api/v3/repos/{repository}/branches", status: 502);

        var jobId = await SendPushAsync(repository);
        var failed = await WaitForStatusAsync(jobId, "failed");

        Assert.Equal(FortifyStack.MaxAttempts, (int?)failed["attempts"]);
        var trail = await EventsAsync(jobId);
        // The first attempt meets GitHub's 502s; later ones may meet the circuit those 502s opened.
        Assert.Contains(trail, e => ((string?)e!["detail"])?.Contains("502", StringComparison.Ordinal) == true);
        var events = trail.Select(e => (string)e!["status"]!).ToList();
        Assert.Equal(FortifyStack.MaxAttempts, events.Count(s => s == "processing"));
        await AssertDeadLetteredAsync(jobId);

        await emulator.AddFaultAsync($"/api/v3/repos/{repository}/branches", status: null, times: 0);
        using var requeue = await stack.CreateAgentApi().SendAsync(HttpMethod.Post, $"/api/dead-letters/{jobId}/requeue");
        Assert.Equal(HttpStatusCode.OK, requeue.StatusCode);
        await WaitForStatusAsync(jobId, "completed");
        var deadLetters = await stack.CreateAgentApi().GetAsync("/api/dead-letters?limit=1000");
        Assert.DoesNotContain(deadLetters!.AsArray(), d => (string?)d!["job_id"] == jobId.ToString());
    }

    [Fact]
    public async Task A_queue_entry_published_for_a_job_still_waiting_to_retry_does_not_strand_it()
    {
        // The state a race leaves: a job waits for its retry while an older entry of its (from the outbox or a
        // redispatch) goes out. Workers skip that entry, as the job is not due; the sweeper must still dispatch it when due.
        var repository = await NewRepositoryAsync("stale-entry");
        var jobId = await SendPushAsync(repository);
        await WaitForStatusAsync(jobId, "completed");
        var database = await FortifyDatabase.OfAsync(stack);
        await database.QueryAsync("""
            UPDATE scan_jobs SET "Status" = 'Queued', "FinishedAt" = NULL, "DispatchedAt" = NULL,
                   "NextAttemptAt" = now() + interval '5 seconds'
            WHERE "JobId" = @job
            """, ("job", jobId));
        var outboxId = (await database.QueryAsync("""
            INSERT INTO outbox_messages ("JobId", "Stream", "CreatedAt")
            SELECT "JobId", @stream, now() FROM scan_jobs WHERE "JobId" = @job RETURNING "Id"
            """, ("job", jobId), ("stream", Fortify.Core.Queues.JobStreams.For(Fortify.Core.Jobs.JobPriority.Normal))))[0]!;

        // The relay deletes a row once its entry is on the stream.
        var unpublished = await ScanAgentApi.EventuallyAsync(
            async () => await database.QueryAsync("""SELECT "Id" FROM outbox_messages WHERE "Id" = @id""", ("id", long.Parse(outboxId, System.Globalization.CultureInfo.InvariantCulture))),
            rows => rows.Count == 0,
            Patience);
        Assert.Empty(unpublished);
        var completed = await WaitForStatusAsync(jobId, "completed");
        Assert.Equal(2, (int?)completed["attempts"]);
    }

    [Fact]
    public async Task Killing_a_worker_in_the_middle_of_a_job_ends_with_the_job_completed_once_by_the_other()
    {
        var repository = await NewRepositoryAsync("crash");
        // The first attempt hangs long enough to be killed in the middle; the take-over is answered at once.
        await stack.CreateEmulatorApi().AddFaultAsync($"/api/v3/repos/{repository}/branches", status: null, times: 1, delayMilliseconds: 30_000);

        var jobId = await SendPushAsync(repository);
        var running = await WaitForStatusAsync(jobId, "processing");
        var firstWorker = (string)running["worker_id"]!;
        var pid = int.Parse(firstWorker.Split('-')[^2], System.Globalization.CultureInfo.InvariantCulture);
        Process.GetProcessById(pid).Kill(entireProcessTree: true);

        var completed = await WaitForStatusAsync(jobId, "completed");
        Assert.NotEqual(firstWorker, (string?)completed["worker_id"]);
        var events = await EventsAsync(jobId);
        Assert.Single(events, e => (string?)e!["status"] == "completed");
        Assert.Equal(2, events.Count(e => (string?)e!["status"] == "processing"));
    }

    [Fact]
    public async Task Five_hundred_jobs_across_three_priorities_all_complete_high_priority_first()
    {
        var agent = stack.CreateAgentApi();
        var byPriority = new Dictionary<string, string>();
        foreach (var priority in new[] { "high", "normal", "low" })
        {
            var repository = await NewRepositoryAsync($"priority-{priority}");
            using var put = await agent.SendAsync(HttpMethod.Put, $"/api/repositories/{repository}",
                JsonContent.Create(new { enabled = true, priority, scan_draft_pull_requests = false }));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            byPriority[priority] = repository;
        }

        // The commits come first (each is a git commit in the emulator), so the 500 deliveries go out in moments.
        var slots = FortifyStack.WorkerConcurrency * FortifyStack.WorkerReplicas;
        var blocker = await NewRepositoryAsync("blocker");
        var blockerCommits = await CommitEachAsync(Enumerable.Range(0, slots).Select(i => (blocker, $"blocker-{i}")));
        var plan = Enumerable.Repeat("low", 200).Concat(Enumerable.Repeat("normal", 150)).Concat(Enumerable.Repeat("high", 150)).ToList();
        // A branch each: pushes to one branch would supersede each other.
        var planned = await CommitEachAsync(plan.Select((priority, i) => (byPriority[priority], $"branch-{i}")));

        // Every worker slot is held by a slow job, so the 500 wait in their streams and are read by priority.
        await stack.CreateEmulatorApi().AddFaultAsync($"/api/v3/repos/{blocker}/branches", status: null, times: slots, delayMilliseconds: 15_000);
        await Task.WhenAll(blockerCommits.Select(c => PushAsync(c.Repository, c.Branch, c.Sha)));
        // At least one worker's slots are all taken (another test may have killed the other replica).
        await ScanAgentApi.EventuallyAsync(
            async () => (await agent.GetAsync($"/api/jobs?repository={blocker}&status=processing"))!["items"]!.AsArray().Count,
            busy => busy >= FortifyStack.WorkerConcurrency,
            Patience);

        var jobs = new System.Collections.Concurrent.ConcurrentBag<(string Priority, Guid JobId)>();
        await Parallel.ForEachAsync(planned.Select((commit, i) => (plan[i], commit)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (job, _) =>
            jobs.Add((job.Item1, await PushAsync(job.commit.Repository, job.commit.Branch, job.commit.Sha))));
        Assert.Equal(500, jobs.Select(j => j.JobId).Distinct().Count());

        var started = new Dictionary<string, List<DateTimeOffset>>();
        foreach (var (priority, repository) in byPriority)
        {
            var all = await ScanAgentApi.EventuallyAsync(
                async () => (await agent.GetAsync($"/api/jobs?repository={repository}&limit=500"))!["items"]!.AsArray(),
                items => items.Count(j => (string?)j!["status"] == "completed") == plan.Count(p => p == priority),
                TimeSpan.FromMinutes(3));
            var byStatus = string.Join(", ", all.GroupBy(j => (string?)j!["status"]).Select(g => $"{g.Key} {g.Count()}"));
            var completed = all.Where(j => (string?)j!["status"] == "completed").ToList();
            Assert.True(completed.Count == plan.Count(p => p == priority), $"{priority}: {byStatus}; e.g. {all.FirstOrDefault(j => (string?)j!["status"] != "completed")?["last_error"]}");
            started[priority] = completed.Select(j => (DateTimeOffset)j!["started_at"]!).Order().ToList();
        }

        // Workers read the high stream dry before the normal one, and the normal before the low; a job read in the
        // same instant by the other worker may start a few milliseconds out of order.
        var tolerance = TimeSpan.FromSeconds(1);
        Assert.True(started["high"][^1] <= started["normal"][0] + tolerance, $"Last high {started["high"][^1]:O}, first normal {started["normal"][0]:O}");
        Assert.True(started["normal"][^1] <= started["low"][0] + tolerance, $"Last normal {started["normal"][^1]:O}, first low {started["low"][0]:O}");
    }

    private async Task<string> NewRepositoryAsync(string name)
    {
        var repository = $"fortify-tests/{name}-{Guid.NewGuid():N}";
        await stack.CreateEmulatedGitHub().CreateRepositoryAsync(repository, new Dictionary<string, string> { ["README.md"] = $"# {name}\n" });
        return repository;
    }

    /// <summary>A real commit on a new branch of the emulated repository, pushed: the worker scans it in full.</summary>
    private async Task<Guid> SendPushAsync(string repository, string branch = "topic")
    {
        var sha = await stack.CreateEmulatedGitHub().CommitAsync(repository, branch, new Dictionary<string, string?> { [$"{branch}.txt"] = $"{branch}\n" });
        return await PushAsync(repository, branch, sha);
    }

    private async Task<List<(string Repository, string Branch, string Sha)>> CommitEachAsync(IEnumerable<(string Repository, string Branch)> branches)
    {
        var github = stack.CreateEmulatedGitHub();
        var commits = new System.Collections.Concurrent.ConcurrentDictionary<int, (string, string, string)>();
        await Parallel.ForEachAsync(branches.Select((b, i) => (b, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
            commits[item.i] = (item.b.Repository, item.b.Branch,
                await github.CommitAsync(item.b.Repository, item.b.Branch, new Dictionary<string, string?> { [$"{item.b.Branch}.txt"] = $"{item.b.Branch}\n" })));
        return [.. commits.OrderBy(c => c.Key).Select(c => c.Value)];
    }

    private async Task<Guid> PushAsync(string repository, string branch, string sha)
    {
        using var response = await stack.CreateSender().SendJsonAsync("push", DeliveryDurabilityTests.NewPush(repository, branch, sha, newBranch: true));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await JobOfAsync(await WebhookSender.ReceiptAsync(response));
    }

    /// <summary>
    /// The job a delivery made. A cold agent on a busy machine may miss the proxy's budget; the proxy then spools the
    /// delivery and forwards it later, so the job is found through the stored delivery.
    /// </summary>
    private async Task<Guid> JobOfAsync(Fortify.Core.Webhooks.DeliveryReceipt receipt)
    {
        if (receipt.JobId is { } jobId)
        {
            return jobId;
        }

        Assert.Equal("spooled", receipt.Status);
        var delivery = await ScanAgentApi.EventuallyAsync(
            () => stack.CreateAgentApi().DeliveryAsync(receipt.DeliveryId), d => d?["metadata"]?["job_id"] is not null, Patience);
        return (Guid?)delivery?["metadata"]?["job_id"] ?? throw new InvalidOperationException($"The push made no job: {receipt.Status}, {receipt.Reason}");
    }

    private async Task<JsonNode> WaitForStatusAsync(Guid jobId, string status)
    {
        var agent = stack.CreateAgentApi();
        var job = await ScanAgentApi.EventuallyAsync(() => agent.JobAsync(jobId), j => (string?)j?["status"] == status, Patience);
        Assert.True((string?)job?["status"] == status, $"Job {jobId} is {job?["status"]}, not {status}: {job?["last_error"]}");
        return job!;
    }

    private async Task<JsonArray> EventsAsync(Guid jobId) => (await stack.CreateAgentApi().GetAsync($"/api/jobs/{jobId}/events"))!.AsArray();

    private async Task AssertDeadLetteredAsync(Guid jobId)
    {
        var deadLetters = await stack.CreateAgentApi().GetAsync("/api/dead-letters?limit=1000");
        var entry = deadLetters!.AsArray().SingleOrDefault(d => (string?)d!["job_id"] == jobId.ToString());
        Assert.NotNull(entry);
        Assert.False(string.IsNullOrEmpty((string?)entry["error"]));
    }
}
