using Fortify.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Fortify.Core.Scanning;

/// <summary>
/// When GitHub refuses a repository's check runs for a reason all of its jobs share (the App is not installed, the
/// repository is gone), nobody asks again for a while: 30 s after the first refusal in a row, twice as long after each
/// next, at most 30 min. The pause and its count are kept with the repository's settings, not in a process, so every
/// agent replica, and one that restarted, honours them.
/// </summary>
/// <remarks>
/// While a pause lasts, the repository's jobs are <see cref="CheckRunState.Parked"/>: born so (see the agent's job
/// scheduler) or parked when the opener meets them, and never read again until it ends. Then one of them, the probe,
/// asks GitHub: refused, the pause doubles and the probe is parked again; taken, every parked job is due. So a refusal
/// costs the same however many jobs wait. Whoever changes a pause does so before touching jobs, in one transaction with
/// it, and whoever parks a job holds the repository's settings row while it does (<c>FOR SHARE</c>): a job parked while
/// its pause ends is always seen by the statement that unparks.
/// </remarks>
public static class CheckRunPauses
{
    public static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(30);

    // 30 s doubled six times passes 30 min: counting further would change nothing.
    private const int MostRefusalsCounted = 7;

    // Pauses that end together (a whole installation refused at once) are probed over several wake-ups.
    private const int MostProbesAtOnce = 100;

    /// <summary>
    /// Counts one more refusal and pauses the repository's check runs, unless a pause is running already (another
    /// replica was refused by the same outage: that is one refusal, not two). Answers when the pause ends. A repository
    /// without settings is not expected (the webhook path makes them); it waits one first pause.
    /// </summary>
    public static async Task<DateTimeOffset> PauseAsync(this FortifyDbContext db, string repository, DateTimeOffset now, CancellationToken ct)
    {
        var until = await db.Database.SqlQuery<DateTimeOffset>($"""
            WITH paused AS (
                UPDATE repository_settings
                SET "CheckRunRefusals" = CASE WHEN "CheckRunsPausedUntil" > {now} THEN "CheckRunRefusals"
                        ELSE LEAST("CheckRunRefusals" + 1, {MostRefusalsCounted}) END,
                    "CheckRunsPausedUntil" = CASE WHEN "CheckRunsPausedUntil" > {now} THEN "CheckRunsPausedUntil"
                        ELSE {now} + LEAST({FirstPause} * power(2, LEAST("CheckRunRefusals", {MostRefusalsCounted - 1})), {LongestPause}) END
                WHERE "Repository" = {repository}
                RETURNING "CheckRunsPausedUntil"
            )
            SELECT COALESCE((SELECT "CheckRunsPausedUntil" FROM paused), {now + FirstPause}) AS "Value"
            """).ToListAsync(ct);
        return until.Single();
    }

    /// <summary>
    /// Parks the given jobs whose repository is paused now; a job whose pause ended meanwhile stays due. The jobs are
    /// given with their repositories, so the planner finds both by key.
    /// </summary>
    public static Task ParkAsync(this FortifyDbContext db, IReadOnlyList<(Guid JobId, string Repository)> jobs, DateTimeOffset now, CancellationToken ct)
    {
        if (jobs.Count == 0)
        {
            return Task.CompletedTask;
        }

        var ids = jobs.Select(j => j.JobId).ToArray();
        var repositories = jobs.Select(j => j.Repository).Distinct(StringComparer.Ordinal).ToArray();
        return db.Database.ExecuteSqlAsync($"""
            WITH paused AS (
                SELECT "Repository" FROM repository_settings
                WHERE "Repository" = ANY({repositories}) AND "CheckRunsPausedUntil" > {now}
                FOR SHARE
            )
            UPDATE scan_jobs SET "CheckRunState" = 'Parked', "CheckRunClaimedAt" = NULL
            WHERE "JobId" = ANY({ids}) AND "CheckRunState" = 'Pending' AND "Status" = 'Queued'
              AND "Repository" IN (SELECT "Repository" FROM paused)
            """, ct);
    }

    /// <summary>
    /// Ends the pauses that are over, each with one probe: the repository's oldest parked job is due at once. The
    /// count of refusals stays, so a refused probe pauses for twice as long; a repository with nothing parked asks
    /// with its next job. A probe that settled nothing within <see cref="CheckRunClaims.StaleAfter"/> (a worker took
    /// its job first, or it was cancelled) is made again. Answers how many repositories were probed.
    /// </summary>
    public static async Task<int> ProbeAsync(this FortifyDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var stale = now - CheckRunClaims.StaleAfter;
        var ended = await db.RepositorySettings.AsNoTracking()
            .Where(s => s.CheckRunRefusals > 0 && (s.CheckRunsPausedUntil <= now || (s.CheckRunsPausedUntil == null && s.UpdatedAt < stale
                && db.ScanJobs.Any(j => j.Repository == s.Repository && j.CheckRunState == CheckRunState.Parked && j.Status == Jobs.JobStatus.Queued))))
            .OrderBy(s => s.CheckRunsPausedUntil).Select(s => s.Repository).Take(MostProbesAtOnce).ToListAsync(ct);
        foreach (var repository in ended)
        {
            // One repository per transaction: it holds a single settings row, so it cannot deadlock with a batch of new
            // jobs holding several.
            await InTransactionAsync(db, async () =>
            {
                // The settings row's update time is when the probe was made.
                var probing = await db.Database.ExecuteSqlAsync($"""
                    UPDATE repository_settings SET "CheckRunsPausedUntil" = NULL, "UpdatedAt" = {now}
                    WHERE "Repository" = {repository} AND "CheckRunRefusals" > 0
                      AND ("CheckRunsPausedUntil" <= {now} OR ("CheckRunsPausedUntil" IS NULL AND "UpdatedAt" < {stale}))
                    """, ct);
                if (probing == 1)
                {
                    // Tested again outside the subquery: a job a worker claimed meanwhile keeps its claim.
                    await db.Database.ExecuteSqlAsync($"""
                        UPDATE scan_jobs SET "CheckRunState" = 'Pending', "CheckRunClaimedAt" = NULL
                        WHERE "JobId" = (
                            SELECT "JobId" FROM scan_jobs
                            WHERE "Repository" = {repository} AND "CheckRunState" = 'Parked' AND "Status" = 'Queued'
                            ORDER BY "CreatedAt" LIMIT 1)
                          AND "CheckRunState" = 'Parked' AND "Status" = 'Queued'
                        """, ct);
                }
            }, ct);
        }

        return ended.Count;
    }

    /// <summary>
    /// GitHub took a check run of a repository it refused before: the next refusal pauses for the first step again,
    /// and every parked job is due. A pause that began after <paramref name="now"/> (another replica was refused
    /// meanwhile) stands, and so do its parked jobs.
    /// </summary>
    public static Task ResumeAsync(this FortifyDbContext db, string repository, DateTimeOffset now, CancellationToken ct) =>
        InTransactionAsync(db, async () =>
        {
            var resumed = await db.RepositorySettings
                .Where(s => s.Repository == repository && s.CheckRunRefusals > 0 && (s.CheckRunsPausedUntil == null || s.CheckRunsPausedUntil <= now))
                .ExecuteUpdateAsync(update => update
                    .SetProperty(s => s.CheckRunRefusals, 0)
                    .SetProperty(s => s.CheckRunsPausedUntil, (DateTimeOffset?)null), ct);
            if (resumed == 1)
            {
                await UnparkAsync(db, [repository], now, ct);
            }
        }, ct);

    /// <summary>
    /// The App was installed on the repositories (again): what made GitHub refuse is likely gone, so the pause ends and
    /// the count starts again, and the jobs that waited for the pause are due at once. Runs in the caller's transaction.
    /// </summary>
    public static async Task LiftAsync(this FortifyDbContext db, IReadOnlyList<string> repositories, long? wholeInstallation, DateTimeOffset now, CancellationToken ct)
    {
        var lifted = await db.Database.SqlQuery<string>($"""
            UPDATE repository_settings SET "CheckRunRefusals" = 0, "CheckRunsPausedUntil" = NULL
            WHERE ("Repository" = ANY({repositories.ToArray()}) OR "InstallationId" = {wholeInstallation}) AND "CheckRunRefusals" > 0
            RETURNING "Repository" AS "Value"
            """).ToListAsync(ct);
        await UnparkAsync(db, lifted, now, ct);
    }

    /// <summary>
    /// The repositories among <paramref name="repositories"/> GitHub refused in a row, with the end of their pause
    /// (past or null when it is over).
    /// </summary>
    public static Task<Dictionary<string, DateTimeOffset?>> RefusedAsync(this FortifyDbContext db, IReadOnlyCollection<string> repositories, CancellationToken ct) =>
        db.RepositorySettings.AsNoTracking()
            .Where(s => repositories.Contains(s.Repository) && s.CheckRunRefusals > 0)
            .ToDictionaryAsync(s => s.Repository, s => s.CheckRunsPausedUntil, StringComparer.Ordinal, ct);

    /// <summary>The repositories' parked jobs, and those told to try again later, are due at once.</summary>
    private static Task UnparkAsync(FortifyDbContext db, IReadOnlyList<string> repositories, DateTimeOffset now, CancellationToken ct) =>
        repositories.Count == 0
            ? Task.CompletedTask
            : db.Database.ExecuteSqlAsync($"""
                UPDATE scan_jobs SET "CheckRunState" = 'Pending', "CheckRunClaimedAt" = NULL
                WHERE "Repository" = ANY({repositories.ToArray()}) AND "Status" = 'Queued'
                  AND ("CheckRunState" = 'Parked' OR ("CheckRunState" = 'Pending' AND "CheckRunClaimedAt" > {now}))
                """, ct);

    private static Task InTransactionAsync(FortifyDbContext db, Func<Task> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await work();
            await transaction.CommitAsync(ct);
        });
}
