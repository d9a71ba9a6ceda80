using System.Collections.Concurrent;

namespace Fortify.GitHubEmulator.Tarballs;

/// <summary>Archives a test put in place of <c>git archive</c> for one commit, to serve hostile or broken archives.</summary>
internal sealed class TarballOverrides
{
    private readonly ConcurrentDictionary<(long RepositoryId, string Sha), byte[]> _bytes = new();

    public void Set(long repositoryId, string sha, byte[] archive) => _bytes[(repositoryId, sha.ToLowerInvariant())] = archive;

    public byte[]? Find(long repositoryId, string sha) => _bytes.GetValueOrDefault((repositoryId, sha.ToLowerInvariant()));
}
