using System.Collections.Concurrent;

namespace Fortify.GitHubEmulator.Repositories;

internal sealed class EmulatedRepositories
{
    private readonly ConcurrentDictionary<string, EmulatedRepository> _byName = new(StringComparer.OrdinalIgnoreCase);
    private long _nextId = 1_000;

    public EmulatedRepository Add(string fullName, string defaultBranch, bool isPrivate) =>
        _byName.AddOrUpdate(
            fullName,
            name => new EmulatedRepository(Interlocked.Increment(ref _nextId), name, defaultBranch, isPrivate),
            (_, existing) => existing with { DefaultBranch = defaultBranch, Private = isPrivate });

    public EmulatedRepository? Find(string owner, string name) => _byName.GetValueOrDefault($"{owner}/{name}");
}
