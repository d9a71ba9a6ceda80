using Fortify.Core.Persistence;
using Fortify.Core.Scanning;
using Fortify.Scanning;
using Microsoft.EntityFrameworkCore;

namespace Fortify.Worker.Scanning;

/// <summary>
/// Keeps a finished scan: its de-duplicated findings and its report, in one transaction, replacing what an earlier
/// attempt of the same job may have left. The report starts <see cref="ReportState.Pending"/>: telling GitHub is a
/// separate step with its own retries.
/// </summary>
internal sealed class ScanResultStore(FortifyDbContext db, TimeProvider clock)
{
    public Task SaveAsync(Guid jobId, IReadOnlyList<FindingGroup> groups, ScanReport report, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.ScanFindings.Where(f => f.JobId == jobId).ExecuteDeleteAsync(token);
            await db.ScanReports.Where(r => r.JobId == jobId).ExecuteDeleteAsync(token);
            var now = clock.GetUtcNow();
            db.ScanFindings.AddRange(groups.Select(group => ToRow(jobId, group, now)));
            report.JobId = jobId;
            report.State = ReportState.Pending;
            report.NextReportAt = now;
            db.ScanReports.Add(report);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
        }, ct);

    private static ScanFinding ToRow(Guid jobId, FindingGroup group, DateTimeOffset now)
    {
        var finding = group.Primary;
        return new ScanFinding
        {
            JobId = jobId,
            Fingerprint = finding.Fingerprint,
            RuleId = finding.RuleId,
            RuleName = finding.RuleName,
            Severity = finding.Severity.ToString().ToLowerInvariant(),
            Category = finding.Category ?? FindingCategories.Of(finding),
            Scanners = string.Join(',', group.Scanners),
            Path = finding.Path,
            Line = finding.Line,
            Column = finding.Column,
            EndColumn = finding.EndColumn,
            Message = finding.Message.Length <= 2000 ? finding.Message : finding.Message[..2000],
            Preview = finding.Preview is { Length: > 1000 } preview ? preview[..1000] : finding.Preview,
            SecretHash = finding.SecretHash,
            CreatedAt = now,
        };
    }
}
