using Fortify.GitHubEmulator.Authentication;

namespace Fortify.GitHubEmulator.Repositories;

internal static class RepositoryAccess
{
    /// <summary>The repository, unless it does not exist or is private and the caller is anonymous: GitHub answers 404 for both.</summary>
    public static EmulatedRepository? FindVisible(this EmulatedRepositories repositories, string owner, string name, HttpContext http) =>
        repositories.Find(owner, name) is { } found && (!found.Private || Caller.Of(http) is not Anonymous) ? found : null;
}
