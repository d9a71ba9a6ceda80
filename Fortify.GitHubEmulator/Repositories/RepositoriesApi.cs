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
        // Until the emulator serves real git repositories, any full commit SHA of a known repository exists.
        group.MapGet("/{owner}/{repo}/commits/{sha}", (string owner, string repo, string sha, EmulatedRepositories repositories, HttpContext http) =>
        {
            var found = repositories.Find(owner, repo);
            if (found is null || sha.Length != 40 || !sha.All(Uri.IsHexDigit))
            {
                return GitHubErrors.NotFound();
            }

            var api = $"{http.Request.Scheme}://{http.Request.Host}/api/v3/repos/{found.FullName}";
            return Results.Json(new JsonObject
            {
                ["sha"] = sha,
                ["node_id"] = $"C_{sha[..12]}",
                ["url"] = $"{api}/commits/{sha}",
                ["commit"] = new JsonObject
                {
                    ["message"] = "Emulated commit",
                    ["author"] = new JsonObject { ["name"] = "Octocat", ["email"] = "octocat@example.com", ["date"] = "2024-01-01T00:00:00Z" },
                    ["committer"] = new JsonObject { ["name"] = "Octocat", ["email"] = "octocat@example.com", ["date"] = "2024-01-01T00:00:00Z" },
                    ["tree"] = new JsonObject { ["sha"] = sha, ["url"] = $"{api}/git/trees/{sha}" },
                },
                ["parents"] = new JsonArray(),
                ["files"] = new JsonArray(),
            });
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
