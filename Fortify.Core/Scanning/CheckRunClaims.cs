using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Fortify.Core.Scanning;

/// <summary>
/// Who may create a job's check run on GitHub. The agent opens it as queued and the worker's final report creates it
/// if the agent never did; a claim in Postgres makes sure only one of them does, so a commit never shows two
/// Fortify checks. A claim older than <see cref="StaleAfter"/> belonged to a process that died and is taken over.
/// </summary>
public static class CheckRunClaims
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// True when this caller may create the check run now. A parked job's run may be made: the agent does not ask for
    /// it while its repository is paused, but the worker's report does, once the job has run.
    /// </summary>
    public static async Task<bool> TryClaimAsync(this FortifyDbContext db, Guid jobId, bool onlyWhileQueued, DateTimeOffset now, CancellationToken ct)
    {
        var stale = now - StaleAfter;
        return await db.Database.ExecuteSqlAsync($"""
            UPDATE scan_jobs SET "CheckRunState" = 'Opening', "CheckRunClaimedAt" = {now}
            WHERE "JobId" = {jobId}
              AND ("CheckRunState" IN ('Pending', 'Parked') OR ("CheckRunState" = 'Opening' AND "CheckRunClaimedAt" < {stale}))
              AND (NOT {onlyWhileQueued} OR "Status" = 'Queued')
            """, ct) == 1;
    }

    /// <summary>Records the created check run (null for a commit status) and ends the claim.</summary>
    public static Task OpenedAsync(this FortifyDbContext db, Guid jobId, long? checkRunId, CancellationToken ct) =>
        db.ScanJobs.Where(j => j.JobId == jobId).ExecuteUpdateAsync(update => update
            .SetProperty(j => j.CheckRunState, CheckRunState.Open)
            .SetProperty(j => j.CheckRunId, checkRunId)
            .SetProperty(j => j.CheckRunClaimedAt, (DateTimeOffset?)null), ct);

    /// <summary>
    /// The final report is on GitHub (or given up on): the open run becomes <see cref="CheckRunState.Closed"/>, which
    /// takes a cancelled job out of the set whose runs still have to be closed. Only an open run moves; a job that
    /// never had one keeps its state, so a later attempt may still create it.
    /// </summary>
    public static Task ClosedAsync(this FortifyDbContext db, Guid jobId, CancellationToken ct) =>
        db.ScanJobs.Where(j => j.JobId == jobId && j.CheckRunState == CheckRunState.Open).ExecuteUpdateAsync(update => update
            .SetProperty(j => j.CheckRunState, CheckRunState.Closed), ct);

    /// <summary>
    /// Gives a claim back after GitHub refused, so the next try (or the final report) creates it. A pending job's
    /// <see cref="Jobs.ScanJob.CheckRunClaimedAt"/> is when the agent may try again: null, at once.
    /// </summary>
    public static Task ReleaseClaimAsync(this FortifyDbContext db, Guid jobId, DateTimeOffset? retryAt, CancellationToken ct) =>
        db.ScanJobs.Where(j => j.JobId == jobId && j.CheckRunState == CheckRunState.Opening).ExecuteUpdateAsync(update => update
            .SetProperty(j => j.CheckRunState, CheckRunState.Pending)
            .SetProperty(j => j.CheckRunClaimedAt, retryAt), ct);
}
