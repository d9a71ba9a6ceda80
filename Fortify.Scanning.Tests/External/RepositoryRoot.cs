namespace Fortify.Scanning.Tests.External;

/// <summary>The repository checkout the tests run from: the folder holding <c>dotnet-tools.json</c>.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "dotnet-tools.json")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("No dotnet-tools.json above " + AppContext.BaseDirectory);
    }
}
