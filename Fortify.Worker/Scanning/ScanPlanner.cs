using Fortify.Core.GitHub;
using Fortify.Core.Jobs;
using Fortify.Core.Persistence;
using Fortify.Scanning.Diffs;
using Microsoft.EntityFrameworkCore;
using Octokit;

namespace Fortify.Worker.Scanning;

/// <summary>
/// Re-reads the target on GitHub (deliveries arrive out of order, so a pull request or branch may have moved on) and
/// decides between a diff-aware and a full scan.
/// </summary>
internal sealed class ScanPlanner(FortifyDbContext db)
{
    /// <summary>GitHub lists at most this many files of a pull request; past it only a full scan sees everything.</summary>
    public const int PullRequestFileCap = 3000;

    /// <summary>A comparison lists at most this many files.</summary>
    public const int CompareFileCap = 300;

    private const int PageSize = 100;

    public async Task EnsureCurrentAsync(GitHubConnection connection, ScanTarget target, CancellationToken ct)
    {
        var client = connection.Client;
        if (target.PullRequestNumber is { } number)
        {
            var pull = await client.PullRequest.Get(target.Owner, target.Name, number).WaitAsync(ct);
            if (pull.State.Value == ItemState.Closed)
            {
                throw new ScanSupersededException($"Pull request #{number} is closed.");
            }

            if (!string.Equals(pull.Head.Sha, target.CommitSha, StringComparison.OrdinalIgnoreCase))
            {
                throw new ScanSupersededException($"Pull request #{number} moved on to {pull.Head.Sha}; that commit is scanned instead.");
            }

            return;
        }

        if (target.Branch is { } branch)
        {
            Branch current;
            try
            {
                current = await client.Repository.Branch.Get(target.Owner, target.Name, branch).WaitAsync(ct);
            }
            catch (NotFoundException)
            {
                // A repository that is gone (or no longer readable) fails the job; a deleted branch only cancels it.
                await client.Repository.Get(target.Owner, target.Name).WaitAsync(ct);
                throw new ScanSupersededException($"Branch {branch} no longer exists.");
            }

            if (!string.Equals(current.Commit.Sha, target.CommitSha, StringComparison.OrdinalIgnoreCase))
            {
                throw new ScanSupersededException($"Branch {branch} moved on to {current.Commit.Sha}; that commit is scanned instead.");
            }
        }
    }

    public async Task<ScanPlan> PlanAsync(GitHubConnection connection, ScanTarget target, bool fullScanRequested, CancellationToken ct)
    {
        if (fullScanRequested)
        {
            return ScanPlan.Full("full_scan in .fortify.yml");
        }

        if (target.PullRequestNumber is { } number)
        {
            var files = await connection.Client.PullRequest.Files(target.Owner, target.Name, number,
                new ApiOptions { PageSize = PageSize, PageCount = PullRequestFileCap / PageSize, StartPage = 1 }).WaitAsync(ct);
            return files.Count >= PullRequestFileCap
                ? ScanPlan.Full($"the pull request changes {PullRequestFileCap} files or more")
                : Diff($"pull request #{number}", files.Select(f => (f.FileName, f.Status, (string?)f.Patch)));
        }

        if (target.NewBranch || target.BeforeSha is null)
        {
            return ScanPlan.Full("a new branch");
        }

        if (!await db.ScanJobs.AnyAsync(j => j.Repository == target.Repository && j.Status == JobStatus.Completed, ct))
        {
            return ScanPlan.Full("the repository's first scan");
        }

        var comparison = await connection.Client.Repository.Commit.Compare(target.Owner, target.Name, target.BeforeSha, target.CommitSha).WaitAsync(ct);
        return comparison.Files.Count >= CompareFileCap
            ? ScanPlan.Full($"the push changes {CompareFileCap} files or more")
            : Diff($"push {target.BeforeSha[..7]}..{target.CommitSha[..7]}", comparison.Files.Select(f => (f.Filename, f.Status, (string?)f.Patch)));
    }

    private static ScanPlan Diff(string what, IEnumerable<(string Path, string Status, string? Patch)> files)
    {
        var paths = new List<string>();
        var added = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal);
        foreach (var (path, status, patch) in files)
        {
            if (status == "removed")
            {
                continue;
            }

            paths.Add(path);
            if (PatchHunks.AddedLines(patch) is { } lines)
            {
                added[path] = lines;
            }
        }

        return new ScanPlan($"changed files of {what}, added lines only", paths, added);
    }
}
