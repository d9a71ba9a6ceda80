namespace Fortify.Worker.Scanning;

/// <summary>A job's own folder: the archive and the extracted code live here and nowhere else, and go with it.</summary>
internal sealed class ScanWorkspace : IDisposable
{
    private ScanWorkspace(string root)
    {
        Root = root;
        ArchivePath = Path.Combine(root, "source.tar.gz");
        SourcePath = Path.Combine(root, "src");
        Directory.CreateDirectory(SourcePath);
    }

    public string Root { get; }
    public string ArchivePath { get; }
    public string SourcePath { get; }

    /// <summary>A fresh folder per attempt: a retried job never sees what a crashed attempt left.</summary>
    public static ScanWorkspace Create(string workRoot, Guid jobId) =>
        new(Path.Combine(Path.GetFullPath(workRoot), $"{jobId:N}-{Guid.NewGuid():N}"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
