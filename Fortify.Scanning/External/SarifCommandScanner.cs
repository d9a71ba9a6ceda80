using Fortify.Scanning.Sarif;
using Fortify.Scanning.Secrets;

namespace Fortify.Scanning.External;

/// <summary>
/// Runs any command-line scanner that writes SARIF 2.1.0 (DevSkim, Semgrep, Bandit...) and turns its results into
/// findings that line up with the built-in scanners': paths relative to the scan root with forward slashes,
/// severity from the SARIF level or rule properties, fingerprints from <see cref="Fingerprints"/> over the source
/// line (so <see cref="FindingDeduplicator"/> merges them with ours), <see cref="ScanInput.Paths"/> and
/// <see cref="ScanInput.AddedLines"/> honoured.
/// </summary>
public sealed class SarifCommandScanner : IScanner
{
    private readonly ExternalScannerOptions _options;

    /// <summary>Creates the adapter for the tool <paramref name="options"/> describes.</summary>
    public SarifCommandScanner(ExternalScannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Command);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        _options = options;
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <inheritdoc />
    /// <exception cref="ExternalScannerException">The tool failed, timed out or wrote no SARIF.</exception>
    public async Task<IReadOnlyList<Finding>> ScanAsync(ScanInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Directory.Exists(input.RootPath))
        {
            throw new DirectoryNotFoundException($"The scan root '{input.RootPath}' does not exist.");
        }

        var work = Directory.CreateTempSubdirectory("fortify-external-").FullName;
        try
        {
            // Tools take a folder, not a file list: a narrowed scan gets a folder holding only the chosen files.
            string source;
            HashSet<string>? selected = null;
            if (input.Paths is null)
            {
                source = input.RootPath;
            }
            else
            {
                source = Path.Combine(work, "source");
                selected = StagedSource.Copy(input.RootPath, input.Paths, source);
                if (selected.Count == 0)
                {
                    return [];
                }
            }

            var output = Path.Combine(work, "results.sarif");
            var toStdout = !_options.Arguments.Any(a => a.Contains(ExternalScannerOptions.OutputPlaceholder, StringComparison.Ordinal));
            var arguments = _options.Arguments
                .Select(a => a.Replace(ExternalScannerOptions.SourcePlaceholder, source, StringComparison.Ordinal)
                    .Replace(ExternalScannerOptions.OutputPlaceholder, output, StringComparison.Ordinal))
                .ToList();

            await ToolProcess.RunAsync(_options, arguments, _options.WorkingDirectory ?? source, toStdout ? output : null, ct);

            var read = await ReadAsync(output, source, ct);
            var findings = new List<Finding>(read.Count);
            foreach (var finding in read)
            {
                var path = PathNames.Normalize(finding.Path);
                if (path.Length == 0 || IsAbsolute(finding.Path) || PathNames.ResolveUnder(source, path) is null || (selected is not null && !selected.Contains(path)))
                {
                    // Not a file of this scan: an absolute path elsewhere, or outside the chosen files.
                    continue;
                }

                if (input.AddedLinesFor(path) is { } added && !added.Contains(finding.Line))
                {
                    continue;
                }

                findings.Add(finding with { Path = path, Scanner = Name });
            }

            findings.Sort(FindingOrder.Instance);
            return findings;
        }
        finally
        {
            TryDelete(work);
        }
    }

    private async Task<IReadOnlyList<Finding>> ReadAsync(string output, string source, CancellationToken ct)
    {
        if (!File.Exists(output) || new FileInfo(output).Length == 0)
        {
            throw new ExternalScannerException(Name, "succeeded but wrote no SARIF output", 0, "");
        }

        try
        {
            await using var stream = new FileStream(output, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            return await SarifReader.ReadAsync(stream, source, ct);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidDataException)
        {
            throw new ExternalScannerException(Name, "wrote output that is not a SARIF 2.1.0 log: " + ex.Message, 0, "", ex);
        }
    }

    /// <summary>The reader leaves paths outside the source absolute (<c>/etc/x</c>, <c>C:/x</c>).</summary>
    private static bool IsAbsolute(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || Path.IsPathRooted(path) || (path.Length >= 2 && path[1] == ':');

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
