using Fortify.Core.Jobs;
using Octokit;

namespace Fortify.Worker.Scanning;

/// <summary>
/// The scan's first step, through the GitHub API: the commit to scan must still be there and readable. The scanners
/// themselves come after it; until then a job that passes this step completes with no findings.
/// </summary>
internal sealed class TargetCheckScanHandler(IGitHubClient gitHub) : IScanHandler
{
    public async Task<string> ScanAsync(ScanJob job, CancellationToken cancellationToken)
    {
        var slash = job.Repository.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new PermanentScanException($"'{job.Repository}' is not an owner/name repository.");
        }

        var commit = await gitHub.Repository.Commit.Get(job.Repository[..slash], job.Repository[(slash + 1)..], job.CommitSha).WaitAsync(cancellationToken);
        return $"{job.Repository} at {commit.Sha[..Math.Min(7, commit.Sha.Length)]}: reachable.";
    }
}
