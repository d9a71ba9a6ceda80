namespace Fortify.Worker.Scanning;

/// <summary>Finds the repository's dotnet tool manifest, the way <c>dotnet tool run</c> does: upwards from here.</summary>
internal static class ToolManifest
{
    public static string? Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "dotnet-tools.json"))
                || File.Exists(Path.Combine(folder.FullName, ".config", "dotnet-tools.json")))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
