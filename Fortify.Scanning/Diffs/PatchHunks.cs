using System.Globalization;
using System.Text.RegularExpressions;

namespace Fortify.Scanning.Diffs;

/// <summary>
/// Reads the <c>patch</c> GitHub gives per changed file (unified diff hunks) into the line numbers the change added,
/// for <see cref="ScanInput.AddedLines"/>.
/// </summary>
public static partial class PatchHunks
{
    /// <summary>
    /// The 1-based numbers of the lines added on the new side of <paramref name="patch"/>. A null or empty patch
    /// (GitHub leaves it out for binary and very large files) gives <see langword="null"/>: the added lines are
    /// unknown, so the whole file must be scanned. A patch that only deletes gives an empty set.
    /// </summary>
    /// <exception cref="FormatException">A hunk header is malformed.</exception>
    public static IReadOnlySet<int>? AddedLines(string? patch)
    {
        if (string.IsNullOrEmpty(patch))
        {
            return null;
        }

        var added = new HashSet<int>();
        var newLine = 0;
        var oldRemaining = 0;
        var newRemaining = 0;
        var lineNumber = 0;
        foreach (var line in patch.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                var header = HunkHeader().Match(line.ToString());
                if (!header.Success)
                {
                    throw new FormatException($"Line {lineNumber} of the patch is not a hunk header '@@ -a,b +c,d @@': '{line}'.");
                }

                oldRemaining = Count(header.Groups["oldCount"]);
                newRemaining = Count(header.Groups["newCount"]);
                newLine = int.Parse(header.Groups["newStart"].ValueSpan, CultureInfo.InvariantCulture);
                continue;
            }

            // Outside a hunk (file headers of a full diff, the empty tail after the last newline): nothing to count.
            if (oldRemaining <= 0 && newRemaining <= 0)
            {
                continue;
            }

            switch (line.IsEmpty ? ' ' : line[0])
            {
                case '+':
                    added.Add(newLine++);
                    newRemaining--;
                    break;
                case '-':
                    oldRemaining--;
                    break;
                case '\\':
                    // "\ No newline at end of file" belongs to the line before it.
                    break;
                default:
                    // Context; some tools strip the lone space of an empty context line.
                    newLine++;
                    oldRemaining--;
                    newRemaining--;
                    break;
            }
        }

        return added;
    }

    /// <summary>
    /// <see cref="ScanInput.AddedLines"/> for changed files given as (path, patch) pairs; files whose patch is unknown
    /// get no entry, so every line of them is scanned.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<int>> AddedLinesByPath(IEnumerable<KeyValuePair<string, string?>> patches)
    {
        ArgumentNullException.ThrowIfNull(patches);
        var result = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal);
        foreach (var (path, patch) in patches)
        {
            if (AddedLines(patch) is { } lines)
            {
                result[PathNames.Normalize(path)] = lines;
            }
        }

        return result;
    }

    // An omitted count means 1.
    private static int Count(Group group) =>
        group.Success ? int.Parse(group.ValueSpan, CultureInfo.InvariantCulture) : 1;

    [GeneratedRegex(@"^@@ -(?<oldStart>\d+)(?:,(?<oldCount>\d+))? \+(?<newStart>\d+)(?:,(?<newCount>\d+))? @@", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex HunkHeader();
}
