using System.ComponentModel.DataAnnotations;

namespace Fortify.Worker.Scanning;

internal sealed class ScanningOptions
{
    public const string Section = "Scanning";

    /// <summary>Where each job gets a folder of its own for the archive and the extracted code; removed afterwards.</summary>
    public string WorkRoot { get; set; } = Path.Combine(Path.GetTempPath(), "fortify-jobs");

    /// <summary>The largest archive downloaded, compressed.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxArchiveBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>The most bytes an archive may unpack to: a decompression bomb stops here.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxExtractedBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    [Range(1, int.MaxValue)]
    public int MaxFiles { get; set; } = 100_000;

    [Range(1024, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Run Microsoft DevSkim (the pinned dotnet tool) beside the built-in secrets scanner.</summary>
    public bool DevSkim { get; set; } = true;

    /// <summary>
    /// A folder at or below the <c>dotnet-tools.json</c> that pins DevSkim; unset, the manifest is looked for above the
    /// worker's own folder (a clone), and failing that a <c>devskim</c> on <c>PATH</c> is used (a container image).
    /// </summary>
    public string? DevSkimToolManifestDirectory { get; set; }

    /// <summary>How long DevSkim may take for one job.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan DevSkimTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
