namespace Fortify.Scanning.External;

/// <summary>Copies the chosen files of a scan root into a folder of their own, keeping their relative paths.</summary>
internal static class StagedSource
{
    /// <summary>The normalised relative paths that were copied: files that exist under the root and are not links.</summary>
    public static HashSet<string> Copy(string root, IEnumerable<string> paths, string destination)
    {
        var copied = new HashSet<string>(StringComparer.Ordinal);
        Directory.CreateDirectory(destination);
        foreach (var path in paths)
        {
            var relative = PathNames.Normalize(path);
            var full = PathNames.ResolveUnder(root, relative);
            if (full is null || copied.Contains(relative) || !File.Exists(full) || ThroughLink(root, full))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(full, target);
            copied.Add(relative);
        }

        return copied;
    }

    /// <summary>Whether the file or a folder between it and the root is a link (which could lead out of the root).</summary>
    private static bool ThroughLink(string root, string full)
    {
        if (new FileInfo(full).LinkTarget is not null)
        {
            return true;
        }

        var rootFull = Path.TrimEndingDirectorySeparator(root);
        for (var folder = Path.GetDirectoryName(full); folder is not null && folder.Length > rootFull.Length; folder = Path.GetDirectoryName(folder))
        {
            if (new DirectoryInfo(folder).LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }
}
