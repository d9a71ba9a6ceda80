using Fortify.GitHubEmulator.Git;
using Fortify.GitHubEmulator.Repositories;
using Microsoft.Extensions.Options;

namespace Fortify.GitHubEmulator.Tarballs;

/// <summary>
/// <c>GET /repos/{owner}/{repo}/tarball/{ref}</c> redirects, as GitHub does to codeload, to the emulator's own download
/// URL, which serves <c>git archive</c> in GitHub's layout or the archive a test put in its place.
/// </summary>
internal static class TarballsApi
{
    public static RouteGroupBuilder MapTarballsApi(this RouteGroupBuilder repos)
    {
        repos.MapGet("/{owner}/{repo}/tarball/{**reference}", async (
            string owner, string repo, string? reference, EmulatedRepositories repositories, TarballOverrides overrides,
            CodeloadLinks links, GitCommands git, HttpContext http, IOptions<EmulatorOptions> options) =>
        {
            if (repositories.FindVisible(owner, repo, http) is not { } found)
            {
                return GitHubErrors.NotFound();
            }

            reference = string.IsNullOrEmpty(reference) ? found.DefaultBranch : reference;
            // An override may stand for a commit the repository does not have.
            var sha = await git.ResolveCommitAsync(found.GitDirectory, reference)
                ?? (overrides.Find(found.Id, reference) is not null ? reference.ToLowerInvariant() : null);
            if (sha is null)
            {
                return GitHubErrors.NotFound();
            }

            var path = $"/_codeload/{found.FullName}/legacy.tar.gz/{sha}";
            return Results.Redirect($"{GitHubUrls.For(http.Request, options.Value).Html}{path}?token={links.Token(path)}");
        });
        return repos;
    }

    public static IEndpointRouteBuilder MapCodeload(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_codeload/{owner}/{repo}/legacy.tar.gz/{sha}", async (
            string owner, string repo, string sha, string? token, EmulatedRepositories repositories, TarballOverrides overrides,
            CodeloadLinks links, GitCommands git, HttpContext http) =>
        {
            if (!links.IsValid(http.Request.Path, token) || repositories.Find(owner, repo) is not { } found)
            {
                return GitHubErrors.NotFound();
            }

            var archive = overrides.Find(found.Id, sha)
                ?? (await git.ExistsAsync(found.GitDirectory, sha)
                    ? await git.ArchiveAsync(found.GitDirectory, $"{found.Owner}-{found.Name}-{sha[..7]}", sha)
                    : null);
            return archive is null
                ? GitHubErrors.NotFound()
                : Results.File(archive, "application/x-gzip", $"{found.Owner}-{found.Name}-{sha[..7]}.tar.gz");
        });
        return app;
    }
}
