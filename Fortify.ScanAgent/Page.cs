namespace Fortify.ScanAgent;

/// <summary>One page of a list; <see cref="NextCursor"/> is null on the last page.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

internal static class Page
{
    public static Page<T> Of<T>(IReadOnlyList<T> items, int pageSize, Func<T, string> cursorOf) =>
        new(items, items.Count == pageSize ? cursorOf(items[^1]) : null);
}
