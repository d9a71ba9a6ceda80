namespace Fortify.Scanning.External;

/// <summary>
/// How to run a command-line scanner that writes SARIF: the executable, its arguments with the
/// <see cref="SourcePlaceholder"/> and <see cref="OutputPlaceholder"/> placeholders, and what counts as success.
/// </summary>
public sealed record ExternalScannerOptions
{
    /// <summary>Replaced by the folder to scan (absolute).</summary>
    public const string SourcePlaceholder = "{source}";

    /// <summary>
    /// Replaced by the absolute path of the SARIF file the tool must write. Without it in any argument the tool's
    /// standard output is taken as the SARIF log.
    /// </summary>
    public const string OutputPlaceholder = "{output}";

    /// <summary>The scanner's name: <see cref="IScanner.Name"/> and every finding's <see cref="Finding.Scanner"/>.</summary>
    public required string Name { get; init; }

    /// <summary>The executable, a path or a name looked up on <c>PATH</c>; started directly, never through a shell.</summary>
    public required string Command { get; init; }

    /// <summary>The arguments, one item each (no quoting needed), with placeholders.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The working directory; <see langword="null"/> runs in the folder being scanned.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Extra environment variables for the tool.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long one run may take before its process tree is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Exit codes of a run that worked, e.g. 0 and the tool's "findings found" code; any other fails the scan with
    /// <see cref="ExternalScannerException"/>.
    /// </summary>
    public IReadOnlyCollection<int> ExitCodesMeaningSuccess { get; init; } = [0];

    /// <summary>How many lines of the tool's standard error an <see cref="ExternalScannerException"/> quotes.</summary>
    public int StandardErrorLinesKept { get; init; } = 20;
}
