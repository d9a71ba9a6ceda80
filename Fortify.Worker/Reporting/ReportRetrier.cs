using System.Runtime.CompilerServices;
using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Fortify.Core.Scanning;
using Fortify.Scanning.Sarif;
using Microsoft.EntityFrameworkCore;

namespace Fortify.Worker.Reporting;

/// <summary>
/// Reporting's own retry loop: sends reports whose first try failed once they are due again, and closes the check
/// runs of jobs that were cancelled (superseded) after their check run was opened, so none stays queued forever.
/// </summary>
internal sealed class ReportRetrier(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReportRetrier> logger) : BackgroundService
{
    private const int BatchSize = 20;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly string EmptySarif = SarifWriter.WriteToString([]);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await NextTickAsync(timer, stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FortifyDbContext>();
                await CloseCancelledAsync(db, stoppingToken);
                var now = clock.GetUtcNow();
                var due = await db.ScanReports.AsNoTracking()
                    .Where(r => r.State == ReportState.Pending && r.NextReportAt <= now)
                    .OrderBy(r => r.NextReportAt).Select(r => r.JobId).Take(BatchSize).ToListAsync(stoppingToken);
                var reporter = scope.ServiceProvider.GetRequiredService<CheckRunReporter>();
                foreach (var jobId in due)
                {
                    await reporter.TryPublishAsync(jobId, stoppingToken);
                }
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(exception, "Report retries paused; they go on at the next tick");
            }
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A neutral report for each cancelled job whose check run is open, sent like any other.</summary>
    /// <remarks>
    /// Publishing the report closes the run (<see cref="CheckRunState.Closed"/>), so the set read here is only the jobs
    /// still to close, read through its partial index; the predicate is spliced in as text, not bound, for that.
    /// </remarks>
    private async Task CloseCancelledAsync(FortifyDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        const string Summary = "This commit was not scanned: the pull request or branch moved on to a newer commit, which is scanned instead.";
        await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create($$"""
            INSERT INTO scan_reports ("JobId", "Conclusion", "Title", "Summary", "Sarif", "Mode", "FindingsCount", "FilesScanned",
                                      "BytesScanned", "CompletedAt", "State", "ReportAttempts", "AnnotationsPublished", "NextReportAt")
            SELECT j."JobId", 'neutral', 'Not scanned: superseded', {0}, {1}, 'not scanned', 0, 0, 0, {2}, 'Pending', 0, 0, {2}
            FROM scan_jobs j
            WHERE {{ScanJobFilters.CheckRunsToClose}}
              AND NOT EXISTS (SELECT 1 FROM scan_reports r WHERE r."JobId" = j."JobId")
            LIMIT {3}
            ON CONFLICT ("JobId") DO NOTHING
            """, Summary, EmptySarif, now, BatchSize), ct);
    }
}
