using Fortify.GitHubEmulator.Repositories;

namespace Fortify.GitHubEmulator.Control;

/// <summary>The emulator's own endpoints (not GitHub's): set up repositories, read back what was asked.</summary>
internal static class EmulatorControlApi
{
    public static RouteGroupBuilder MapEmulatorControlApi(this RouteGroupBuilder group)
    {
        group.MapPost("/repositories", (NewRepository request, EmulatedRepositories repositories) =>
        {
            if (request.FullName.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["full_name"] = ["Must be 'owner/name'."] });
            }

            return Results.Ok(repositories.Add(request.FullName, request.DefaultBranch ?? "main", request.Private));
        });

        group.MapPost("/faults", (Fault fault, Faults faults) =>
        {
            faults.Add(fault);
            return Results.Ok(fault);
        });
        group.MapDelete("/faults", (Faults faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });

        group.MapGet("/requests", (RequestLog log, string? path) =>
            Results.Ok(log.All.Where(r => path is null || r.Path == path).ToList()));
        return group;
    }
}

internal sealed record NewRepository(string FullName, string? DefaultBranch, bool Private);
