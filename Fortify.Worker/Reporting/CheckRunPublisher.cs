using Fortify.Core.GitHub;
using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Fortify.Core.Scanning;
using Fortify.Worker.Scanning;
using Microsoft.EntityFrameworkCore;
using Octokit;

namespace Fortify.Worker.Reporting;

/// <summary>The GitHub calls of reporting: check runs for a GitHub App, commit statuses for a token.</summary>
internal sealed class CheckRunPublisher(FortifyDbContext db, IGitHubClientFactory gitHub, TimeProvider clock)
{
    public const string CheckName = "Fortify";

    /// <summary>GitHub takes at most this many annotations per request; the rest follow in further updates.</summary>
    public const int AnnotationsPerRequest = 50;

    public async Task StartedAsync(ScanJob job, GitHubConnection connection, CancellationToken ct)
    {
        var target = ScanTarget.From(job);
        if (!connection.CanWriteChecks)
        {
            await SetStatusAsync(connection, target, CommitState.Pending, "Scanning…", ct);
            return;
        }

        if (job.CheckRunState is (CheckRunState.Open or CheckRunState.Closed) && job.CheckRunId is { } id)
        {
            await connection.Client.Check.Run.Update(target.Owner, target.Name, id,
                new CheckRunUpdate { Status = CheckStatus.InProgress, StartedAt = clock.GetUtcNow() }).WaitAsync(ct);
            return;
        }

        if (await db.TryClaimAsync(job.JobId, onlyWhileQueued: false, clock.GetUtcNow(), ct))
        {
            await CreateAsync(job, connection, target, new NewCheckRun(CheckName, target.CommitSha)
            {
                Status = CheckStatus.InProgress,
                StartedAt = clock.GetUtcNow(),
                ExternalId = job.JobId.ToString(),
            }, ct);
        }
    }

    public async Task CompletedAsync(ScanJob job, ScanReport report, CancellationToken ct)
    {
        var target = ScanTarget.From(job);
        var connection = await gitHub.ForRepositoryAsync(target.Repository, target.InstallationId, ct);
        if (!connection.CanWriteChecks)
        {
            await WaitForQueuedStatusAsync(job.JobId, ct);
            var state = StatusOf(report.Conclusion);
            var description = CommitStatusDescription.Final(report, await FindingsAsync(job.JobId, ct));
            await SetStatusAsync(connection, target, state, description, ct);
            return;
        }

        var annotations = (await FindingsAsync(job.JobId, ct)).Select(Annotation).ToList();
        var checkRunId = await CheckRunOfAsync(job, connection, target, ct);
        var batches = annotations.Skip(report.AnnotationsPublished).Chunk(AnnotationsPerRequest).ToList();
        var conclusion = new StringEnum<CheckConclusion>(report.Conclusion);
        // The first update completes the run; every further one only appends annotations, and is counted, so a
        // retry after a partial failure never sends an annotation twice.
        await connection.Client.Check.Run.Update(target.Owner, target.Name, checkRunId, new CheckRunUpdate
        {
            Status = CheckStatus.Completed,
            Conclusion = conclusion,
            CompletedAt = report.CompletedAt,
            Output = Output(report, batches.FirstOrDefault() ?? []),
        }).WaitAsync(ct);
        await CountAsync(job.JobId, batches.FirstOrDefault()?.Length ?? 0, ct);
        foreach (var batch in batches.Skip(1))
        {
            await connection.Client.Check.Run.Update(target.Owner, target.Name, checkRunId,
                new CheckRunUpdate { Output = Output(report, batch) }).WaitAsync(ct);
            await CountAsync(job.JobId, batch.Length, ct);
        }
    }

    /// <summary>
    /// Waits while the agent is still sending the job's pending "queued" status: landing after the final status, it
    /// would leave the commit pending for good. A claim that went stale belonged to an agent that died; it waits no more.
    /// </summary>
    private async Task WaitForQueuedStatusAsync(Guid jobId, CancellationToken ct)
    {
        var stale = clock.GetUtcNow() - CheckRunClaims.StaleAfter;
        if (await db.ScanJobs.AsNoTracking().AnyAsync(
            j => j.JobId == jobId && j.CheckRunState == CheckRunState.Opening && j.CheckRunClaimedAt > stale, ct))
        {
            throw new InvalidOperationException("The queued status is being sent by another process; the report waits for it.");
        }
    }

    /// <summary>The job's check run: the one the agent opened, else a new one (claimed, so only one is made).</summary>
    private async Task<long> CheckRunOfAsync(ScanJob job, GitHubConnection connection, ScanTarget target, CancellationToken ct)
    {
        var current = await db.ScanJobs.AsNoTracking().Where(j => j.JobId == job.JobId)
            .Select(j => new { j.CheckRunState, j.CheckRunId }).SingleAsync(ct);
        // A closed run was completed by an earlier attempt of this job; this attempt's report replaces it.
        if (current is { CheckRunState: CheckRunState.Open or CheckRunState.Closed, CheckRunId: { } id })
        {
            return id;
        }

        if (!await db.TryClaimAsync(job.JobId, onlyWhileQueued: false, clock.GetUtcNow(), ct))
        {
            throw new InvalidOperationException("The check run is being opened by another process; the report waits for it.");
        }

        return await CreateAsync(job, connection, target, new NewCheckRun(CheckName, target.CommitSha)
        {
            Status = CheckStatus.InProgress,
            ExternalId = job.JobId.ToString(),
        }, ct);
    }

    private async Task<long> CreateAsync(ScanJob job, GitHubConnection connection, ScanTarget target, NewCheckRun run, CancellationToken ct)
    {
        try
        {
            var created = await connection.Client.Check.Run.Create(target.Owner, target.Name, run).WaitAsync(ct);
            await db.OpenedAsync(job.JobId, created.Id, CancellationToken.None);
            return created.Id;
        }
        catch
        {
            await db.ReleaseClaimAsync(job.JobId, retryAt: null, CancellationToken.None);
            throw;
        }
    }

    private Task CountAsync(Guid jobId, int sent, CancellationToken ct) => sent == 0
        ? Task.CompletedTask
        : db.ScanReports.Where(r => r.JobId == jobId).ExecuteUpdateAsync(update => update
            .SetProperty(r => r.AnnotationsPublished, r => r.AnnotationsPublished + sent), ct);

    private static NewCheckRunOutput Output(ScanReport report, IReadOnlyList<NewCheckRunAnnotation> annotations) =>
        new(report.Title, report.Summary) { Annotations = annotations };

    private Task<List<ScanFinding>> FindingsAsync(Guid jobId, CancellationToken ct) =>
        db.ScanFindings.AsNoTracking().Where(f => f.JobId == jobId)
            .OrderBy(f => f.Path).ThenBy(f => f.Line).ThenBy(f => f.Id).ToListAsync(ct);

    private static NewCheckRunAnnotation Annotation(ScanFinding f) =>
        new(f.Path, f.Line, f.Line, LevelOf(f.Severity), f.Message) { Title = $"{f.RuleId} {f.RuleName}" };

    private static CheckAnnotationLevel LevelOf(string severity) => severity switch
    {
        "critical" or "high" => CheckAnnotationLevel.Failure,
        "medium" => CheckAnnotationLevel.Warning,
        _ => CheckAnnotationLevel.Notice,
    };

    /// <summary>
    /// A commit status has no "neutral": a commit that was not scanned (superseded) is an error, never a success, so
    /// nobody reads it as scanned and clean.
    /// </summary>
    private static CommitState StatusOf(string conclusion) => conclusion switch
    {
        ScanVerdict.Success => CommitState.Success,
        ScanVerdict.Failure => CommitState.Failure,
        _ => CommitState.Error,
    };

    private static Task SetStatusAsync(GitHubConnection connection, ScanTarget target, CommitState state, string description, CancellationToken ct) =>
        connection.Client.Repository.Status.Create(target.Owner, target.Name, target.CommitSha, new NewCommitStatus
        {
            State = state,
            Context = CheckName,
            Description = CommitStatusDescription.Fit(description),
        }).WaitAsync(ct);
}
