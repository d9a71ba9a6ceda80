using System.Text.Json.Nodes;

namespace Fortify.GitHubEmulator.Repositories;

/// <summary><c>GET /repos/{owner}/{repo}</c> with GitHub's field names and its 404 body.</summary>
internal static class RepositoriesApi
{
    public static RouteGroupBuilder MapRepositoriesApi(this RouteGroupBuilder group)
    {
        group.MapGet("/{owner}/{repo}", (string owner, string repo, EmulatedRepositories repositories, HttpContext http) =>
        {
            var found = repositories.Find(owner, repo);
            return found is null ? GitHubErrors.NotFound() : Results.Json(ToGitHub(found, http.Request));
        });
        return group;
    }

    private static JsonObject ToGitHub(EmulatedRepository repository, HttpRequest request)
    {
        var api = $"{request.Scheme}://{request.Host}/api/v3";
        return new JsonObject
        {
            ["id"] = repository.Id,
            ["node_id"] = $"R_{repository.Id}",
            ["name"] = repository.Name,
            ["full_name"] = repository.FullName,
            ["private"] = repository.Private,
            ["visibility"] = repository.Private ? "private" : "public",
            ["owner"] = new JsonObject { ["login"] = repository.Owner, ["id"] = 1, ["type"] = "Organization" },
            ["html_url"] = $"{request.Scheme}://{request.Host}/{repository.FullName}",
            ["url"] = $"{api}/repos/{repository.FullName}",
            ["default_branch"] = repository.DefaultBranch,
            ["fork"] = false,
            ["archived"] = false,
            ["disabled"] = false,
            ["created_at"] = "2024-01-01T00:00:00Z",
            ["updated_at"] = "2024-01-01T00:00:00Z",
            ["pushed_at"] = "2024-01-01T00:00:00Z",
        };
    }
}
