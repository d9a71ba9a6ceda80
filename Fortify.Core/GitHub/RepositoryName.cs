namespace Fortify.Core.GitHub;

internal static class RepositoryName
{
    public static (string Owner, string Name) Split(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < repository.Length - 1 && repository.IndexOf('/', slash + 1) < 0
            ? (repository[..slash], repository[(slash + 1)..])
            : throw new ArgumentException($"'{repository}' is not an owner/name repository.", nameof(repository));
    }
}
