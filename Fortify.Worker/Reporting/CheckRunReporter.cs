using Fortify.Core.GitHub;
using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Fortify.Core.Scanning;
using Fortify.Worker.Scanning;
using Microsoft.EntityFrameworkCore;
using Octokit;

namespace Fortify.Worker.Reporting;

/// <summary>
/// Tells GitHub how a scan went: the job's check run (or, for a credential that cannot write checks, a commit
/// status). A report is claimed before it is sent, so two workers never send one twice, and a failure only schedules
/// the next try: the scan's outcome is already stored and never changes because GitHub is down.
/// </summary>
internal sealed class CheckRunReporter(
    FortifyDbContext db,
    CheckRunPublisher publisher,
    TimeProvider clock,
    ILogger<CheckRunReporter> logger)
{
    public const int MaxAttempts = 8;
    private static readonly TimeSpan SendingLease = TimeSpan.FromMinutes(2);

    /// <summary>Marks the check in progress; best effort, since the final report carries everything anyway.</summary>
    public async Task StartedAsync(ScanJob job, GitHubConnection connection, CancellationToken ct)
    {
        try
        {
            await publisher.StartedAsync(job, connection, ct);
        }
        catch (Exception exception) when (exception is ApiException or HttpRequestException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            logger.LogWarning(exception, "Job {JobId}: GitHub was not told the scan started", job.JobId);
        }
    }

    /// <summary>Sends the stored report if it is due and no one else is sending it; true once GitHub shows it.</summary>
    public async Task<bool> TryPublishAsync(Guid jobId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var leaseEnd = now + SendingLease;
        var claimed = await db.ScanReports
            .Where(r => r.JobId == jobId && r.State == ReportState.Pending && r.NextReportAt <= now)
            .ExecuteUpdateAsync(update => update.SetProperty(r => r.NextReportAt, leaseEnd), ct);
        if (claimed == 0)
        {
            return false;
        }

        var report = await db.ScanReports.AsNoTracking().SingleAsync(r => r.JobId == jobId, ct);
        var job = await db.ScanJobs.AsNoTracking().SingleAsync(j => j.JobId == jobId, ct);
        try
        {
            await publisher.CompletedAsync(job, report, ct);
            await FinalAsync(jobId, () => db.ScanReports.Where(r => r.JobId == jobId).ExecuteUpdateAsync(update => update
                .SetProperty(r => r.State, ReportState.Reported)
                .SetProperty(r => r.ReportedAt, clock.GetUtcNow())
                .SetProperty(r => r.ReportAttempts, r => r.ReportAttempts + 1)
                .SetProperty(r => r.NextReportAt, (DateTimeOffset?)null), CancellationToken.None));
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await ScheduleRetryAsync(report, exception);
            return false;
        }
    }

    private async Task ScheduleRetryAsync(ScanReport report, Exception exception)
    {
        var attempts = report.ReportAttempts + 1;
        var giveUp = attempts >= MaxAttempts || exception is GitHubCredentialsRevokedException or NotFoundException;
        var delay = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, attempts)) * (0.5 + (Random.Shared.NextDouble() / 2)));
        logger.LogWarning(exception, "Job {JobId}: report to GitHub failed (attempt {Attempt}); {Next}",
            report.JobId, attempts, giveUp ? "giving up" : $"next try in {delay.TotalSeconds:0} s");
        var message = exception.Message.Length <= 4000 ? exception.Message : exception.Message[..4000];
        DateTimeOffset? next = giveUp ? null : clock.GetUtcNow() + delay;
        Task Update() => db.ScanReports.Where(r => r.JobId == report.JobId).ExecuteUpdateAsync(update => update
            .SetProperty(r => r.State, giveUp ? ReportState.Abandoned : ReportState.Pending)
            .SetProperty(r => r.ReportAttempts, attempts)
            .SetProperty(r => r.NextReportAt, next)
            .SetProperty(r => r.LastReportError, message), CancellationToken.None);
        // An abandoned report is never sent again, so its job must not stay among the check runs still to close.
        await (giveUp ? FinalAsync(report.JobId, Update) : Update());
    }

    /// <summary>
    /// Makes the report final and closes the job's check run in one transaction: a report that is final while its
    /// cancelled job still counts as open would keep that job in the retrier's set for ever.
    /// </summary>
    private Task FinalAsync(Guid jobId, Func<Task> updateReport) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await updateReport();
            await db.ClosedAsync(jobId, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        });
}
