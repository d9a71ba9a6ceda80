using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Jobs;

internal static class JobsApi
{
    private const int MaxPageSize = 500;

    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).WithName("ListJobs");
        group.MapGet("/{jobId:guid}", GetAsync).WithName("GetJob");
        group.MapGet("/{jobId:guid}/events", EventsAsync).WithName("GetJobEvents");
        return group;
    }

    /// <summary>Newest first; <paramref name="before"/> is the <c>next_cursor</c> of the previous page.</summary>
    private static async Task<Results<Ok<Page<ScanJobResponse>>, ValidationProblem>> ListAsync(
        FortifyDbContext db, string? repository, string? status, DateTimeOffset? before, int? limit, CancellationToken ct)
    {
        var query = db.ScanJobs.AsNoTracking();
        if (!string.IsNullOrEmpty(repository))
        {
            query = query.Where(j => j.Repository == repository);
        }

        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<JobStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["status"] = [$"'{status}' is not one of queued, processing, completed, failed, cancelled."],
                });
            }

            query = query.Where(j => j.Status == parsed);
        }

        if (before is { } cursor)
        {
            query = query.Where(j => j.CreatedAt < cursor);
        }

        var size = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        var jobs = await query.OrderByDescending(j => j.CreatedAt).Take(size).ToListAsync(ct);
        return TypedResults.Ok(Page.Of(jobs.Select(ScanJobResponse.From).ToList(), size, j => j.CreatedAt.ToString("O")));
    }

    /// <summary>The job's audit trail, oldest first.</summary>
    private static async Task<Results<Ok<List<JobEventResponse>>, NotFound>> EventsAsync(Guid jobId, FortifyDbContext db, CancellationToken ct)
    {
        var events = await db.JobEvents.AsNoTracking().Where(e => e.JobId == jobId).OrderBy(e => e.Id).ToListAsync(ct);
        return events.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(events.Select(JobEventResponse.From).ToList());
    }

    private static async Task<Results<Ok<ScanJobResponse>, NotFound>> GetAsync(Guid jobId, FortifyDbContext db, CancellationToken ct)
    {
        var job = await db.ScanJobs.AsNoTracking().SingleOrDefaultAsync(j => j.JobId == jobId, ct);
        return job is null ? TypedResults.NotFound() : TypedResults.Ok(ScanJobResponse.From(job));
    }
}
