using System.Globalization;
using System.Text;

namespace Fortify.GitHubEmulator.Git;

/// <summary>What the emulator asks of a bare repository, each as one or a few git plumbing calls.</summary>
internal sealed class GitCommands(GitRunner git)
{
    public const string ZeroSha = "0000000000000000000000000000000000000000";

    /// <summary>The empty tree, so a root commit diffs like any other.</summary>
    public const string EmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    public async Task InitAsync(string gitDirectory, string defaultBranch)
    {
        Directory.CreateDirectory(gitDirectory);
        await git.TextAsync(gitDirectory, ["init", "--quiet", "--bare", "--initial-branch", defaultBranch, gitDirectory]);
    }

    public Task SetHeadAsync(string gitDirectory, string branch) =>
        git.TextAsync(gitDirectory, ["symbolic-ref", "HEAD", $"refs/heads/{branch}"]);

    /// <summary>The commit a branch name, tag or (abbreviated) SHA names; null when there is none.</summary>
    public async Task<string?> ResolveCommitAsync(string gitDirectory, string reference)
    {
        // A leading dash would make the name an option; git's own names never start with one.
        if (string.IsNullOrEmpty(reference) || reference.StartsWith('-') || reference.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        var result = await git.RunAsync(gitDirectory, ["rev-parse", "--verify", "--quiet", "--end-of-options", $"{reference}^{{commit}}"]);
        return result.ExitCode == 0 ? result.Text.Trim() : null;
    }

    public async Task<string?> BranchShaAsync(string gitDirectory, string branch)
    {
        var result = await git.RunAsync(gitDirectory, ["rev-parse", "--verify", "--quiet", "--end-of-options", $"refs/heads/{branch}^{{commit}}"]);
        return result.ExitCode == 0 ? result.Text.Trim() : null;
    }

    public async Task<bool> IsValidBranchNameAsync(string gitDirectory, string branch) =>
        !branch.StartsWith('-') && (await git.RunAsync(gitDirectory, ["check-ref-format", "--branch", branch])).ExitCode == 0;

    /// <summary>
    /// Writes a commit on top of <paramref name="parent"/> with <paramref name="files"/> changed (a null content
    /// deletes the path), through a private index so no work tree is needed and commits never share state.
    /// </summary>
    public async Task<string> CommitAsync(string gitDirectory, string? parent, IReadOnlyDictionary<string, string?> files, string message)
    {
        var index = Path.Combine(gitDirectory, $"index-{Guid.NewGuid():N}");
        var environment = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
        try
        {
            await git.TextAsync(gitDirectory, parent is null ? ["read-tree", "--empty"] : ["read-tree", parent], environment: environment);
            var entries = new StringBuilder();
            foreach (var (path, content) in files)
            {
                if (content is null)
                {
                    entries.Append(CultureInfo.InvariantCulture, $"0 {ZeroSha}\t{path}\0");
                    continue;
                }

                var blob = await git.TextAsync(gitDirectory, ["hash-object", "-w", "--stdin"], Encoding.UTF8.GetBytes(content));
                entries.Append(CultureInfo.InvariantCulture, $"100644 {blob}\t{path}\0");
            }

            await git.TextAsync(gitDirectory, ["update-index", "-z", "--index-info"], Encoding.UTF8.GetBytes(entries.ToString()), environment);
            var tree = await git.TextAsync(gitDirectory, ["write-tree"], environment: environment);
            string[] parents = parent is null ? [] : ["-p", parent];
            return await git.TextAsync(gitDirectory, ["commit-tree", tree, .. parents, "-F", "-"], Encoding.UTF8.GetBytes(message));
        }
        finally
        {
            File.Delete(index);
        }
    }

    /// <summary>Moves a branch only if it still points at <paramref name="expected"/> (all zeros: does not exist yet).</summary>
    public Task UpdateBranchAsync(string gitDirectory, string branch, string sha, string expected) =>
        git.TextAsync(gitDirectory, ["update-ref", $"refs/heads/{branch}", sha, expected]);

    public async Task<GitCommit?> ReadCommitAsync(string gitDirectory, string sha)
    {
        var result = await git.RunAsync(
            gitDirectory, ["show", "--no-patch", "--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B", "--end-of-options", sha]);
        return result.ExitCode == 0 ? ParseCommit(result.Text) : null;
    }

    /// <summary>The commits in <paramref name="head"/> and not in <paramref name="base"/>, oldest first.</summary>
    public async Task<IReadOnlyList<GitCommit>> LogAsync(string gitDirectory, string @base, string head, int limit)
    {
        var text = await git.TextAsync(
            gitDirectory,
            ["log", "--reverse", "-z", $"--max-count={limit}", "--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B%x00", $"{@base}..{head}"]);
        var fields = text.Split('\0');
        var commits = new List<GitCommit>();
        for (var i = 0; i + 9 < fields.Length; i += 11)
        {
            commits.Add(ParseCommit(string.Join('\0', fields[i..(i + 10)]).TrimStart('\n')));
        }

        return commits;
    }

    public async Task<string?> MergeBaseAsync(string gitDirectory, string a, string b)
    {
        var result = await git.RunAsync(gitDirectory, ["merge-base", a, b]);
        return result.ExitCode == 0 ? result.Text.Trim() : null;
    }

    public async Task<int> CountAsync(string gitDirectory, string from, string to) =>
        int.Parse(await git.TextAsync(gitDirectory, ["rev-list", "--count", $"{from}..{to}"]), CultureInfo.InvariantCulture);

    public async Task<bool> ExistsAsync(string gitDirectory, string sha) =>
        sha.Length == 40 && sha.All(Uri.IsHexDigit) && await ResolveCommitAsync(gitDirectory, sha) == sha.ToLowerInvariant();

    /// <summary>GitHub's tarball layout: every path under one <c>owner-repo-sha7/</c> folder.</summary>
    public async Task<byte[]> ArchiveAsync(string gitDirectory, string prefix, string sha) =>
        (await git.RunAsync(gitDirectory, ["archive", "--format=tar.gz", $"--prefix={prefix}/", sha])).EnsureSuccess().Output;

    /// <summary>The paths a commit added, removed and modified against its first parent, renames counted as remove plus add.</summary>
    public async Task<(List<string> Added, List<string> Removed, List<string> Modified)> ChangedPathsAsync(string gitDirectory, GitCommit commit)
    {
        var fields = (await git.TextAsync(
            gitDirectory, ["diff", "--name-status", "-z", "--no-renames", commit.Parents.FirstOrDefault() ?? EmptyTree, commit.Sha, "--"])).Split('\0');
        (List<string> Added, List<string> Removed, List<string> Modified) paths = ([], [], []);
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            (fields[i] switch { "A" => paths.Added, "D" => paths.Removed, _ => paths.Modified }).Add(fields[i + 1]);
        }

        return paths;
    }

    private static GitCommit ParseCommit(string text)
    {
        var f = text.Split('\0', 10);
        return new GitCommit(
            f[0],
            f[1],
            f[2].Split(' ', StringSplitOptions.RemoveEmptyEntries),
            new GitSignature(f[3], f[4], DateTimeOffset.Parse(f[5], CultureInfo.InvariantCulture)),
            new GitSignature(f[6], f[7], DateTimeOffset.Parse(f[8], CultureInfo.InvariantCulture)),
            f[9].TrimEnd('\n'));
    }
}
