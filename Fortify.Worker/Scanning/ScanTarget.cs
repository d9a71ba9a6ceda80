using System.Globalization;
using Fortify.Core.GitHub;
using Fortify.Core.Jobs;

namespace Fortify.Worker.Scanning;

/// <summary>What a job says about the code to scan, read from the job and the delivery context it was made from.</summary>
internal sealed record ScanTarget(
    string Owner,
    string Name,
    string CommitSha,
    int? PullRequestNumber,
    string? Branch,
    string? BaseSha,
    string? BeforeSha,
    bool NewBranch,
    long? InstallationId)
{
    private const string NoCommit = "0000000000000000000000000000000000000000";

    public string Repository => $"{Owner}/{Name}";

    public static ScanTarget From(ScanJob job)
    {
        if (!RepositoryName.TrySplit(job.Repository, out var owner, out var name))
        {
            throw new PermanentScanException($"'{job.Repository}' is not an owner/name repository.");
        }

        var context = job.Context;
        int? number = job.TargetType == ScanTargetType.PullRequest
            && int.TryParse(job.Reference, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var branch = job.TargetType == ScanTargetType.Push ? job.Reference : context.GetValueOrDefault("head_ref");
        var before = context.GetValueOrDefault("before");
        return new ScanTarget(
            owner,
            name,
            job.CommitSha,
            number,
            branch is { Length: > 0 } b && b.StartsWith("refs/heads/", StringComparison.Ordinal) ? b["refs/heads/".Length..] : branch,
            context.GetValueOrDefault("base_sha"),
            before,
            before is null or NoCommit || context.GetValueOrDefault("created") == "true",
            job.InstallationId);
    }
}
