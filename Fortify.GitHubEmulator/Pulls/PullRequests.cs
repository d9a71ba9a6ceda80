using System.Collections.Concurrent;

namespace Fortify.GitHubEmulator.Pulls;

/// <summary>Every pull request, numbered per repository from 1. Callers open them under the repositories' write lock.</summary>
internal sealed class PullRequests
{
    private readonly ConcurrentDictionary<(long RepositoryId, int Number), PullRequest> _byNumber = new();
    private long _lastId = 2_000_000;

    public PullRequest Open(long repositoryId, Func<long, int, PullRequest> create)
    {
        var number = _byNumber.Keys.Count(k => k.RepositoryId == repositoryId) + 1;
        var pull = create(Interlocked.Increment(ref _lastId), number);
        _byNumber[(repositoryId, number)] = pull;
        return pull;
    }

    public PullRequest? Find(long repositoryId, int number) => _byNumber.GetValueOrDefault((repositoryId, number));

    public IEnumerable<PullRequest> OpenWithHead(long repositoryId, string head) =>
        _byNumber.Values.Where(p => p.RepositoryId == repositoryId && p.State == "open" && p.Head == head).OrderBy(p => p.Number);

    public void Update(PullRequest pull) => _byNumber[(pull.RepositoryId, pull.Number)] = pull;
}
