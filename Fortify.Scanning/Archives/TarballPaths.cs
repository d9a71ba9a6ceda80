namespace Fortify.Scanning.Archives;

/// <summary>Checks archive entry names and link targets before anything touches the disk.</summary>
internal static class TarballPaths
{
    /// <summary>The longest file or folder name Linux file systems take (NAME_MAX), in bytes.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>
    /// Splits an entry name into segments, treating both slashes as separators (a Windows worker would) and dropping
    /// empty and <c>.</c> segments; <see langword="null"/> with a reason when the name is absolute or climbs out.
    /// </summary>
    public static string[] Segments(string name, out string? problem)
    {
        problem = null;
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            problem = "the name contains a NUL character";
            return [];
        }

        if (IsAbsolute(name))
        {
            problem = "absolute paths are not allowed";
            return [];
        }

        var segments = name.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries)
            .Where(segment => segment != ".")
            .ToArray();
        if (segments.Contains(".."))
        {
            problem = "'..' path segments are not allowed";
            return [];
        }

        if (segments.FirstOrDefault(segment => System.Text.Encoding.UTF8.GetByteCount(segment) > MaxNameBytes) is { } tooLong)
        {
            problem = $"a path part is {System.Text.Encoding.UTF8.GetByteCount(tooLong):N0} bytes long, over the file system's limit of {MaxNameBytes}";
            return [];
        }

        // "top/C:/x" would be rooted on Windows once the top folder is stripped.
        if (segments.Length > 1 && IsDrive(segments[1]))
        {
            problem = "absolute paths are not allowed";
            return [];
        }

        return segments;
    }

    /// <summary><c>/x</c>, <c>\x</c>, <c>\\server\share</c>, <c>C:\x</c>, <c>C:x</c>.</summary>
    public static bool IsAbsolute(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || (path.Length >= 2 && IsDrive(path[..2])) || Path.IsPathRooted(path);

    /// <summary>
    /// The full path of <paramref name="relative"/> under <paramref name="rootWithSeparator"/>, or
    /// <see langword="null"/> when it resolves outside.
    /// </summary>
    public static string? Resolve(string rootWithSeparator, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(rootWithSeparator, relative));
        return full.StartsWith(rootWithSeparator, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>Whether <paramref name="fullPath"/> is the root itself or below it.</summary>
    public static bool IsInside(string rootWithSeparator, string fullPath) =>
        fullPath.StartsWith(rootWithSeparator, StringComparison.Ordinal)
        || string.Equals(fullPath + Path.DirectorySeparatorChar, rootWithSeparator, StringComparison.Ordinal);

    private static bool IsDrive(string segment) => segment.Length == 2 && char.IsAsciiLetter(segment[0]) && segment[1] == ':';
}
