namespace Fortify.Worker.Scanning;

/// <summary>
/// What to scan: every file (<see cref="Paths"/> null), or the changed files with, per file, the lines the change
/// added (a file without an entry, such as one whose patch GitHub does not show, keeps every finding).
/// </summary>
internal sealed record ScanPlan(string Mode, IReadOnlyCollection<string>? Paths, IReadOnlyDictionary<string, IReadOnlySet<int>>? AddedLines)
{
    public bool IsFull => Paths is null;

    public static ScanPlan Full(string why) => new($"full scan ({why})", null, null);
}
