using System.Collections.Concurrent;

namespace Fortify.GitHubEmulator.Statuses;

internal sealed class CommitStatuses
{
    private readonly ConcurrentQueue<CommitStatus> _all = new();
    private long _lastId = 9_000_000;

    public long NextId() => Interlocked.Increment(ref _lastId);

    public void Add(CommitStatus status) => _all.Enqueue(status);

    /// <summary>Newest first, as GitHub lists them.</summary>
    public IReadOnlyList<CommitStatus> ForCommit(long repositoryId, string sha) =>
        _all.Where(s => s.RepositoryId == repositoryId && s.Sha == sha).OrderByDescending(s => s.Id).ToList();
}
