namespace Fortify.Scanning;

/// <summary>Relative path helpers: findings always name files relative to the scan root with forward slashes.</summary>
public static class PathNames
{
    /// <summary>Turns back slashes into forward slashes and drops leading <c>./</c> and <c>/</c>.</summary>
    public static string Normalize(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = relativePath.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return path.TrimStart('/');
    }

    /// <summary>The path of <paramref name="fullPath"/> relative to <paramref name="root"/>, with forward slashes.</summary>
    public static string Relative(string root, string fullPath) => Normalize(Path.GetRelativePath(root, fullPath));

    /// <summary>
    /// Resolves <paramref name="relativePath"/> under <paramref name="root"/>; <see langword="null"/> when it would
    /// leave the root (<c>../</c>, absolute paths).
    /// </summary>
    public static string? ResolveUnder(string root, string relativePath)
    {
        var normalized = Normalize(relativePath);
        if (normalized.Length == 0 || Path.IsPathRooted(normalized))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, normalized));
        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return full.StartsWith(rootWithSeparator, StringComparison.Ordinal) ? full : null;
    }
}
