using System.Collections.Immutable;

namespace Fortify.GitHubEmulator.Checks;

/// <summary>Every check run; an update is one atomic read-merge-write so concurrent PATCHes never lose annotations.</summary>
internal sealed class CheckRuns(TimeProvider clock)
{
    private readonly Dictionary<long, CheckRun> _byId = [];
    private readonly Lock _lock = new();
    private long _lastId = 5_000_000;

    public CheckRun Create(long repositoryId, CheckRunRequest request)
    {
        lock (_lock)
        {
            var run = Merge(
                new CheckRun(++_lastId, repositoryId, request.HeadSha!, request.Name!, "queued", null, clock.GetUtcNow(), null, null, null, null, null, null, []),
                request);
            _byId[run.Id] = run;
            return run;
        }
    }

    public CheckRun? Update(long repositoryId, long id, CheckRunRequest request)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(id, out var run) || run.RepositoryId != repositoryId)
            {
                return null;
            }

            return _byId[id] = Merge(run, request);
        }
    }

    public CheckRun? Find(long repositoryId, long id)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(id, out var run) && run.RepositoryId == repositoryId ? run : null;
        }
    }

    public IReadOnlyList<CheckRun> ForCommit(long repositoryId, string sha)
    {
        lock (_lock)
        {
            return _byId.Values.Where(r => r.RepositoryId == repositoryId && r.HeadSha == sha).OrderByDescending(r => r.Id).ToList();
        }
    }

    /// <summary>GitHub's rules: a conclusion completes the run, and annotations add to those already there.</summary>
    private CheckRun Merge(CheckRun run, CheckRunRequest request)
    {
        var status = request.Conclusion is not null ? "completed" : request.Status ?? run.Status;
        var output = request.Output;
        return run with
        {
            Name = request.Name ?? run.Name,
            Status = status,
            Conclusion = request.Conclusion ?? run.Conclusion,
            StartedAt = request.StartedAt ?? run.StartedAt,
            CompletedAt = request.CompletedAt ?? run.CompletedAt ?? (status == "completed" ? clock.GetUtcNow() : null),
            ExternalId = request.ExternalId ?? run.ExternalId,
            DetailsUrl = request.DetailsUrl ?? run.DetailsUrl,
            OutputTitle = output?.Title ?? run.OutputTitle,
            OutputSummary = output?.Summary ?? run.OutputSummary,
            OutputText = output?.Text ?? run.OutputText,
            Annotations = run.Annotations.AddRange((output?.Annotations ?? []).Select(a => new Annotation(
                a.Path!, a.StartLine!.Value, a.EndLine!.Value, a.StartColumn, a.EndColumn, a.AnnotationLevel!, a.Message!, a.Title, a.RawDetails))),
        };
    }
}
