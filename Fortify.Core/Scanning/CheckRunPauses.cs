using Fortify.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Fortify.Core.Scanning;

/// <summary>
/// When GitHub refuses a repository's check run for a reason all of its jobs share (the App is not installed, the
/// repository is gone), nobody asks again for a while: 30 s after the first refusal in a row, twice as long after each
/// next, at most 30 min. The pause and its count are kept with the repository's settings, not in a process, so every
/// agent replica, and one that restarted, honours them, and the jobs made while a pause lasts are born waiting for its
/// end (see the agent's job scheduler).
/// </summary>
public static class CheckRunPauses
{
    public static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(30);

    // 30 s doubled six times passes 30 min: counting further would change nothing.
    private const int MostRefusalsCounted = 7;

    /// <summary>
    /// Counts one more refusal and pauses the repository's check runs, unless a pause is running already (another
    /// replica was refused by the same outage: that is one refusal, not two). Every queued job of the repository still
    /// to open waits until the pause ends, in the same statement. Answers when it ends.
    /// </summary>
    /// <remarks>
    /// The claim time is tested in the SET, not the WHERE: there it let the planner read every pending job of every
    /// repository through the opener's index, rather than the repository's own jobs. The query is read whole
    /// (<c>ToListAsync</c>): composed further, EF would nest it, and Postgres takes a data-modifying WITH only at the
    /// top. A repository without settings is not expected (the webhook path makes them); it waits one first pause.
    /// </remarks>
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
            ),
            pause AS (
                SELECT COALESCE((SELECT "CheckRunsPausedUntil" FROM paused), {now + FirstPause}) AS "Value"
            ),
            waiting AS (
                UPDATE scan_jobs SET "CheckRunClaimedAt" = GREATEST("CheckRunClaimedAt", pause."Value")
                FROM pause
                WHERE "Repository" = {repository} AND "Status" = 'Queued' AND "CheckRunState" = 'Pending'
            )
            SELECT "Value" FROM pause
            """).ToListAsync(ct);
        return until.Single();
    }

    /// <summary>
    /// GitHub took a check run of a repository it refused before: the next refusal pauses for the first step again. A
    /// pause that began after <paramref name="now"/> (another replica was refused meanwhile) stands.
    /// </summary>
    public static Task ResumeAsync(this FortifyDbContext db, string repository, DateTimeOffset now, CancellationToken ct) =>
        db.RepositorySettings
            .Where(s => s.Repository == repository && s.CheckRunRefusals > 0 && (s.CheckRunsPausedUntil == null || s.CheckRunsPausedUntil <= now))
            .ExecuteUpdateAsync(update => update
                .SetProperty(s => s.CheckRunRefusals, 0)
                .SetProperty(s => s.CheckRunsPausedUntil, (DateTimeOffset?)null), ct);

    /// <summary>
    /// The App was installed on the repositories (again): what made GitHub refuse is likely gone, so the pause ends and
    /// the count starts again, and the jobs that waited for the pause are due at once.
    /// </summary>
    public static Task LiftAsync(this FortifyDbContext db, IReadOnlyList<string> repositories, long? wholeInstallation, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            WITH lifted AS (
                UPDATE repository_settings SET "CheckRunRefusals" = 0, "CheckRunsPausedUntil" = NULL
                WHERE ("Repository" = ANY({repositories.ToArray()}) OR "InstallationId" = {wholeInstallation}) AND "CheckRunRefusals" > 0
                RETURNING "Repository"
            )
            UPDATE scan_jobs SET "CheckRunClaimedAt" = NULL
            WHERE "Repository" IN (SELECT "Repository" FROM lifted)
              AND "Status" = 'Queued' AND "CheckRunState" = 'Pending' AND "CheckRunClaimedAt" > {now}
            """, ct);

    /// <summary>
    /// The repositories among <paramref name="repositories"/> GitHub refused in a row, with the end of their pause
    /// (past when it is over).
    /// </summary>
    public static Task<Dictionary<string, DateTimeOffset?>> RefusedAsync(this FortifyDbContext db, IReadOnlyCollection<string> repositories, CancellationToken ct) =>
        db.RepositorySettings.AsNoTracking()
            .Where(s => repositories.Contains(s.Repository) && s.CheckRunRefusals > 0)
            .ToDictionaryAsync(s => s.Repository, s => s.CheckRunsPausedUntil, StringComparer.Ordinal, ct);
}
