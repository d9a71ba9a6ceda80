namespace Fortify.Core.GitHub;

/// <summary>"owner/name", the way every Fortify record names a repository.</summary>
public static class RepositoryName
{
    public static (string Owner, string Name) Split(string repository) =>
        TrySplit(repository, out var owner, out var name)
            ? (owner, name)
            : throw new ArgumentException($"'{repository}' is not an owner/name repository.", nameof(repository));

    public static bool TrySplit(string repository, out string owner, out string name)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var valid = slash > 0 && slash < repository.Length - 1 && repository.IndexOf('/', slash + 1) < 0;
        (owner, name) = valid ? (repository[..slash], repository[(slash + 1)..]) : ("", "");
        return valid;
    }
}
