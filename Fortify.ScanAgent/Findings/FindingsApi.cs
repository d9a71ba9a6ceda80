using Fortify.Core.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Findings;

/// <summary>A job's findings and its SARIF report. Secrets are never in either: a masked preview and a hash.</summary>
internal static class FindingsApi
{
    public const string SarifContentType = "application/sarif+json";

    public static RouteGroupBuilder MapFindingsApi(this RouteGroupBuilder group)
    {
        group.MapGet("/{jobId:guid}/findings", FindingsAsync).WithName("GetJobFindings");
        group.MapGet("/{jobId:guid}/sarif", SarifAsync).WithName("GetJobSarif");
        return group;
    }

    private static async Task<Results<Ok<FindingsResponse>, ProblemHttpResult>> FindingsAsync(Guid jobId, FortifyDbContext db, CancellationToken ct)
    {
        var report = await db.ScanReports.AsNoTracking().Where(r => r.JobId == jobId)
            .Select(r => new { r.Conclusion, r.Mode, r.FindingsCount, r.FilesScanned, r.CompletedAt, State = r.State.ToString() })
            .SingleOrDefaultAsync(ct);
        if (report is null)
        {
            return await NoReportAsync(jobId, db, ct);
        }

        var findings = await db.ScanFindings.AsNoTracking().Where(f => f.JobId == jobId)
            .OrderBy(f => f.Path).ThenBy(f => f.Line).ThenBy(f => f.Column)
            .ToListAsync(ct);
        return TypedResults.Ok(new FindingsResponse(
            jobId, report.Conclusion, report.Mode, report.FilesScanned, report.CompletedAt, report.State.ToLowerInvariant(),
            findings.Select(FindingResponse.From).ToList()));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> SarifAsync(Guid jobId, FortifyDbContext db, CancellationToken ct)
    {
        var sarif = await db.ScanReports.AsNoTracking().Where(r => r.JobId == jobId).Select(r => r.Sarif).SingleOrDefaultAsync(ct);
        return sarif is null ? await NoReportAsync(jobId, db, ct) : TypedResults.Text(sarif, SarifContentType);
    }

    /// <summary>404 either way, with the reason: no such job, or a job that has not finished a scan.</summary>
    private static async Task<ProblemHttpResult> NoReportAsync(Guid jobId, FortifyDbContext db, CancellationToken ct)
    {
        var status = await db.ScanJobs.Where(j => j.JobId == jobId).Select(j => j.Status.ToString()).SingleOrDefaultAsync(ct);
        var reason = status is null
            ? $"There is no job {jobId}."
            : $"Job {jobId} is {status.ToLowerInvariant()} and has no scan report.";
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No scan report", detail: reason,
            extensions: new Dictionary<string, object?> { ["reason"] = reason });
    }
}
