namespace Fortify.Scanning;

/// <summary>What to scan: a folder on disk, optionally narrowed to some files and, per file, to added lines.</summary>
public sealed record ScanInput
{
    /// <summary>Creates an input for the folder <paramref name="rootPath"/>.</summary>
    /// <param name="rootPath">The folder holding the checked-out code.</param>
    /// <param name="paths">Relative paths to restrict the scan to; <see langword="null"/> scans every file.</param>
    /// <param name="addedLines">
    /// Per relative path, the 1-based line numbers a change added. When a file has an entry only findings on those
    /// lines are kept; files without an entry keep every finding.
    /// </param>
    public ScanInput(
        string rootPath,
        IReadOnlyCollection<string>? paths = null,
        IReadOnlyDictionary<string, IReadOnlySet<int>>? addedLines = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        RootPath = System.IO.Path.GetFullPath(rootPath);
        Paths = paths;
        AddedLines = addedLines;
    }

    /// <summary>The absolute folder that is scanned.</summary>
    public string RootPath { get; }

    /// <summary>Relative paths (forward or back slashes) to restrict the scan to; <see langword="null"/> = all files.</summary>
    public IReadOnlyCollection<string>? Paths { get; init; }

    /// <summary>Per relative path, the added 1-based line numbers (diff-aware scans); <see langword="null"/> = no filter.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<int>>? AddedLines { get; init; }

    /// <summary>The added lines of <paramref name="relativePath"/>, or <see langword="null"/> when every line counts.</summary>
    public IReadOnlySet<int>? AddedLinesFor(string relativePath)
    {
        if (AddedLines is null)
        {
            return null;
        }

        if (AddedLines.TryGetValue(relativePath, out var lines))
        {
            return lines;
        }

        // Callers may have keyed the map with back slashes or a leading "./".
        foreach (var (key, value) in AddedLines)
        {
            if (string.Equals(PathNames.Normalize(key), relativePath, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }
}
