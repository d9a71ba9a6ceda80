using Fortify.GitHubEmulator.Git;
using Fortify.GitHubEmulator.Repositories;
using Fortify.GitHubEmulator.Tarballs;
using Microsoft.Extensions.Options;

namespace Fortify.GitHubEmulator.Control;

/// <summary>Set-up of repositories: create, commit (as a push), open pull requests, replace tarballs.</summary>
internal static class RepositoriesControlApi
{
    public static RouteGroupBuilder MapRepositoriesControlApi(this RouteGroupBuilder group)
    {
        group.MapPost("/repositories", async (NewRepository request, EmulatedRepositories repositories, GitCommands git) =>
        {
            if (!EmulatedRepositories.IsValidFullName(request.FullName))
            {
                return Invalid("full_name", "Must be 'owner/name'.");
            }

            var defaultBranch = request.DefaultBranch ?? "main";
            if (!await git.IsValidBranchNameAsync(repositories.Root, defaultBranch))
            {
                return Invalid("default_branch", "Not a valid branch name.");
            }

            var repository = await repositories.AddAsync(request.FullName, defaultBranch, request.Private, request.Files);
            var headSha = await git.BranchShaAsync(repository.GitDirectory, repository.DefaultBranch);
            return Results.Ok(new
            {
                id = repository.Id,
                full_name = repository.FullName,
                default_branch = repository.DefaultBranch,
                @private = repository.Private,
                head_sha = headSha,
            });
        });

        group.MapPost("/repositories/{owner}/{repo}/commits", async (
            string owner, string repo, NewCommit request, EmulatedRepositories repositories, GitCommands git, CommitPusher pusher,
            HttpContext http, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.Find(owner, repo) is not { } found)
            {
                return Results.NotFound();
            }

            if (request.Branch is null || !await git.IsValidBranchNameAsync(found.GitDirectory, request.Branch))
            {
                return Invalid("branch", "A valid branch name is required.");
            }

            var (result, error) = await pusher.PushAsync(found, request, GitHubUrls.For(http.Request, options.Value));
            return result is null
                ? Invalid("from", error!)
                : Results.Ok(new { sha = result.Sha, before = result.Before, branch = result.Branch, delivery_ids = result.DeliveryIds });
        });

        group.MapPost("/repositories/{owner}/{repo}/pulls", async (
            string owner, string repo, NewPullRequest request, EmulatedRepositories repositories, PullRequestOpener opener,
            HttpContext http, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.Find(owner, repo) is not { } found)
            {
                return Results.NotFound();
            }

            if (string.IsNullOrEmpty(request.Head))
            {
                return Invalid("head", "The head branch is required.");
            }

            var (pull, error) = await opener.OpenAsync(found, request, GitHubUrls.For(http.Request, options.Value));
            return pull is null ? GitHubErrors.ValidationFailed([new("PullRequest", "head", "custom", error)]) : Results.Json(pull, statusCode: StatusCodes.Status201Created);
        });

        group.MapPut("/repositories/{owner}/{repo}/tarballs/{sha}", async (
            string owner, string repo, string sha, HttpRequest request, EmulatedRepositories repositories, TarballOverrides overrides) =>
        {
            if (repositories.Find(owner, repo) is not { } found)
            {
                return Results.NotFound();
            }

            if (sha.Length != 40 || !sha.All(Uri.IsHexDigit))
            {
                return Invalid("sha", "Must be a full commit SHA.");
            }

            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            overrides.Set(found.Id, sha, body.ToArray());
            return Results.NoContent();
        });
        return group;
    }

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
