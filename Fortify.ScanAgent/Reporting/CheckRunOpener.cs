using Fortify.Core.GitHub;
using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Fortify.Core.Scanning;
using Microsoft.EntityFrameworkCore;
using Octokit;

namespace Fortify.ScanAgent.Reporting;

/// <summary>
/// Shows a new job on its commit at once: a <c>queued</c> check run named Fortify (or a pending commit status for a
/// credential that cannot write checks). Off the delivery's path, so a slow GitHub never delays the 202; a job a
/// worker took first gets its check run from the worker instead (the claim decides).
/// </summary>
internal sealed class CheckRunOpener(IServiceScopeFactory scopes, CheckRunSignal signal, TimeProvider clock, ILogger<CheckRunOpener> logger) : BackgroundService
{
    public const string CheckName = "Fortify";
    private const int BatchSize = 20;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a wake-up waits for more jobs before reading them. Under a burst every decided batch of deliveries
    /// signals: read at each signal, the opener's two queries ran some 70 times a second under the intake benchmark,
    /// mostly to find a batch empty, for check runs that showed a quarter of a second sooner.
    /// </summary>
    private static readonly TimeSpan Gathering = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ProbeEndedPausesAsync(stoppingToken);
                while (await OpenBatchAsync(stoppingToken) == BatchSize && !stoppingToken.IsCancellationRequested)
                {
                }

                await signal.WaitAsync(Interval, stoppingToken);
                await Task.Delay(Gathering, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException)
            {
                logger.LogWarning(exception, "Check runs cannot be opened now; trying again shortly");
                await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ProbeEndedPausesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FortifyDbContext>().ProbeAsync(clock.GetUtcNow(), ct);
    }

    private async Task<int> OpenBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FortifyDbContext>();
        var gitHub = scope.ServiceProvider.GetRequiredService<IGitHubClientFactory>();
        var now = clock.GetUtcNow();
        var toOpen = db.ScanJobs.AsNoTracking().Where(j => j.CheckRunState == CheckRunState.Pending && j.Status == JobStatus.Queued);
        // Two ranges of one index, new jobs first: a backlog of waiting jobs is never read. Both are ordered as the index
        // is (the claim time is null in the first), so Postgres walks it in order and stops after a batch, marking the
        // entries of jobs that moved on as dead as it passes them; ordered by CreatedAt alone, it fetched every entry
        // of the range, dead ones included, and sorted them, which under load cost more than storing the deliveries.
        var jobs = await toOpen.Where(j => j.CheckRunClaimedAt == null)
            .OrderBy(j => j.CheckRunClaimedAt).ThenBy(j => j.CreatedAt).Take(BatchSize).ToListAsync(ct);
        if (jobs.Count < BatchSize)
        {
            jobs.AddRange(await toOpen.Where(j => j.CheckRunClaimedAt <= now)
                .OrderBy(j => j.CheckRunClaimedAt).ThenBy(j => j.CreatedAt).Take(BatchSize - jobs.Count).ToListAsync(ct));
        }

        if (jobs.Count == 0)
        {
            return 0;
        }

        // A job of a paused repository that was made before the pause, or just as it began, is parked here. The others
        // are asked for as usual.
        var refused = await db.RefusedAsync(jobs.Select(j => j.Repository).ToHashSet(StringComparer.Ordinal), ct);
        var parking = new List<(Guid JobId, string Repository)>();
        foreach (var job in jobs)
        {
            if (refused.TryGetValue(job.Repository, out var pausedUntil) && pausedUntil > now)
            {
                parking.Add((job.JobId, job.Repository));
                continue;
            }

            if (!await db.TryClaimAsync(job.JobId, onlyWhileQueued: true, clock.GetUtcNow(), ct))
            {
                continue;
            }

            try
            {
                await OpenAsync(db, gitHub, job, ct);
                if (refused.Remove(job.Repository))
                {
                    // GitHub takes the repository's runs again, so a later refusal pauses for the first step only.
                    await db.ResumeAsync(job.Repository, clock.GetUtcNow(), ct);
                }
            }
            catch (Exception exception) when (exception is ApiException or HttpRequestException or Polly.CircuitBreaker.BrokenCircuitException
                or GitHubCredentialsRevokedException or Polly.Timeout.TimeoutRejectedException)
            {
                // Given back at once, so the worker's report can make the run; the agent waits before trying again.
                if (SharedByRepository(exception))
                {
                    var until = await db.PauseAsync(job.Repository, clock.GetUtcNow(), CancellationToken.None);
                    // Parked below, or when it is next read.
                    await db.ReleaseClaimAsync(job.JobId, retryAt: null, CancellationToken.None);
                    parking.Add((job.JobId, job.Repository));
                    logger.LogWarning("{Repository}: GitHub refused to open a queued check run ({Reason}); the repository's jobs wait until {RetryAt}",
                        job.Repository, exception.Message, until);
                    refused[job.Repository] = until;
                    continue;
                }

                await db.ReleaseClaimAsync(job.JobId, clock.GetUtcNow() + RetryDelay, CancellationToken.None);
                logger.LogWarning(exception, "Job {JobId}: the queued check run could not be opened", job.JobId);
                if (IsRateLimit(exception) || exception is not ApiException { StatusCode: < System.Net.HttpStatusCode.InternalServerError })
                {
                    // GitHub is unwell, out of reach or out of patience: the rest of the batch would fail the same way.
                    break;
                }
            }
        }

        await db.ParkAsync(parking, clock.GetUtcNow(), CancellationToken.None);
        return jobs.Count;
    }

    /// <summary>A refusal every job of the repository would get: not installed, no access, gone, revoked.</summary>
    private static bool SharedByRepository(Exception exception) => !IsRateLimit(exception)
        && exception is NotFoundException or ForbiddenException or AuthorizationException or GitHubCredentialsRevokedException;

    private static bool IsRateLimit(Exception exception) => exception is RateLimitExceededException or SecondaryRateLimitExceededException;

    private static async Task OpenAsync(FortifyDbContext db, IGitHubClientFactory gitHub, ScanJob job, CancellationToken ct)
    {
        var (owner, name) = RepositoryName.Split(job.Repository);
        var connection = await gitHub.ForRepositoryAsync(job.Repository, job.InstallationId, ct);
        if (!connection.CanWriteChecks)
        {
            await connection.Client.Repository.Status.Create(owner, name, job.CommitSha,
                new NewCommitStatus { State = CommitState.Pending, Context = CheckName, Description = "Queued for scanning" }).WaitAsync(ct);
            await db.OpenedAsync(job.JobId, checkRunId: null, ct);
            return;
        }

        var run = await connection.Client.Check.Run.Create(owner, name, new NewCheckRun(CheckName, job.CommitSha)
        {
            Status = CheckStatus.Queued,
            ExternalId = job.JobId.ToString(),
        }).WaitAsync(ct);
        await db.OpenedAsync(job.JobId, run.Id, ct);
    }
}
