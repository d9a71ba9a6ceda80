using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Fortify.Core.Repositories;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Repositories;

internal static class RepositoriesApi
{
    public static RouteGroupBuilder MapRepositoriesApi(this RouteGroupBuilder group)
    {
        group.MapGet("/{owner}/{name}", GetAsync).WithName("GetRepositorySettings");
        group.MapPut("/{owner}/{name}", PutAsync).WithName("PutRepositorySettings");
        return group;
    }

    private static async Task<Results<Ok<RepositorySettingsResponse>, NotFound>> GetAsync(string owner, string name, FortifyDbContext db, CancellationToken ct)
    {
        var settings = await db.RepositorySettings.AsNoTracking().SingleOrDefaultAsync(s => s.Repository == $"{owner}/{name}", ct);
        return settings is null ? TypedResults.NotFound() : TypedResults.Ok(RepositorySettingsResponse.From(settings));
    }

    /// <summary>Sets how a repository is scanned: enabled, its jobs' priority, and whether drafts are scanned.</summary>
    private static async Task<Results<Ok<RepositorySettingsResponse>, ValidationProblem>> PutAsync(
        string owner, string name, RepositorySettingsRequest request, FortifyDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Enum.IsDefined(request.Priority))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["priority"] = ["Must be high, normal or low."] });
        }

        var repository = $"{owner}/{name}";
        var now = clock.GetUtcNow();
        var settings = await db.RepositorySettings.SingleOrDefaultAsync(s => s.Repository == repository, ct);
        if (settings is null)
        {
            settings = new RepositorySettings { Repository = repository, CreatedAt = now };
            db.RepositorySettings.Add(settings);
        }

        settings.Enabled = request.Enabled;
        settings.Priority = request.Priority;
        settings.ScanDraftPullRequests = request.ScanDraftPullRequests;
        settings.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(RepositorySettingsResponse.From(settings));
    }
}

internal sealed record RepositorySettingsRequest(bool Enabled, JobPriority Priority, bool ScanDraftPullRequests);

internal sealed record RepositorySettingsResponse(
    string Repository, long? InstallationId, bool Enabled, JobPriority Priority, bool ScanDraftPullRequests, DateTimeOffset UpdatedAt)
{
    public static RepositorySettingsResponse From(RepositorySettings s) =>
        new(s.Repository, s.InstallationId, s.Enabled, s.Priority, s.ScanDraftPullRequests, s.UpdatedAt);
}
