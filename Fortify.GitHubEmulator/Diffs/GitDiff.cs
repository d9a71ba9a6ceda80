using System.Globalization;
using Fortify.GitHubEmulator.Git;

namespace Fortify.GitHubEmulator.Diffs;

/// <summary>
/// A diff in GitHub's terms, from three git calls over the same pair of commits: raw (status and blobs), numstat
/// (line counts) and patch. git lists the files in the same order in all three.
/// </summary>
internal sealed class GitDiff(GitRunner git)
{
    /// <summary>GitHub lists at most this many files of a diff.</summary>
    public const int MaxFiles = 3000;

    public async Task<IReadOnlyList<FileChange>> ChangesAsync(string gitDirectory, string from, string to)
    {
        string[] range = ["--find-renames", "--no-color", "--no-ext-diff", from, to, "--"];
        var raw = (await git.RunAsync(gitDirectory, ["diff", "--raw", "-z", "--no-abbrev", .. range])).EnsureSuccess().Text;
        var numstat = (await git.RunAsync(gitDirectory, ["diff", "--numstat", "-z", .. range])).EnsureSuccess().Text;
        var patch = (await git.RunAsync(gitDirectory, ["diff", "--patch", .. range])).EnsureSuccess().Text;

        var entries = ParseRaw(raw);
        var counts = ParseNumstat(numstat);
        var patches = ParsePatches(patch);
        return entries
            .Select((entry, i) => entry with
            {
                Additions = counts[i].Additions,
                Deletions = counts[i].Deletions,
                Patch = i < patches.Count ? patches[i] : null,
            })
            .Take(MaxFiles)
            .ToList();
    }

    private static List<FileChange> ParseRaw(string raw)
    {
        var fields = raw.Split('\0');
        var changes = new List<FileChange>();
        for (var i = 0; i < fields.Length && fields[i].StartsWith(':'); )
        {
            // ":oldmode newmode oldsha newsha status", then one path, or two for renames and copies.
            var parts = fields[i].Split(' ');
            var (oldSha, newSha, letter) = (parts[2], parts[3], parts[4][0]);
            var renamed = letter is 'R' or 'C';
            var path = fields[i + (renamed ? 2 : 1)];
            var previous = renamed ? fields[i + 1] : null;
            var status = letter switch
            {
                'A' => "added",
                'D' => "removed",
                'R' => "renamed",
                'C' => "copied",
                'T' => "changed",
                _ => "modified",
            };
            changes.Add(new FileChange(path, previous, status, letter == 'D' ? oldSha : newSha, 0, 0, null));
            i += renamed ? 3 : 2;
        }

        return changes;
    }

    private static List<(int Additions, int Deletions)> ParseNumstat(string numstat)
    {
        var fields = numstat.Split('\0');
        var counts = new List<(int, int)>();
        for (var i = 0; i < fields.Length && fields[i].Length > 0; )
        {
            // "added\tdeleted\tpath", or "added\tdeleted\t" followed by the old and new path for a rename; "-" for binary.
            var parts = fields[i].Split('\t');
            counts.Add((Count(parts[0]), Count(parts[1])));
            i += parts[2].Length == 0 ? 3 : 1;
        }

        return counts;

        static int Count(string value) => value == "-" ? 0 : int.Parse(value, CultureInfo.InvariantCulture);
    }

    private static List<string?> ParsePatches(string patch)
    {
        var patches = new List<string?>();
        List<string>? hunks = null;
        foreach (var line in patch.Split('\n'))
        {
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                Flush();
                hunks = [];
                continue;
            }

            // GitHub's patch starts at the first hunk: no diff, index, mode, rename, ---, or +++ lines.
            if (hunks is not null && (hunks.Count > 0 || line.StartsWith("@@", StringComparison.Ordinal)))
            {
                hunks.Add(line);
            }
        }

        Flush();
        return patches;

        void Flush()
        {
            if (hunks is null)
            {
                return;
            }

            while (hunks.Count > 0 && hunks[^1].Length == 0)
            {
                hunks.RemoveAt(hunks.Count - 1);
            }

            patches.Add(hunks.Count == 0 ? null : string.Join('\n', hunks));
        }
    }
}
