using Fortify.Scanning;
using Fortify.Scanning.External;
using Fortify.Scanning.Secrets;
using Microsoft.Extensions.Options;

namespace Fortify.Worker.Scanning;

/// <summary>Every scanner a job runs, side by side: the built-in secrets scanner and, when enabled, DevSkim.</summary>
internal sealed class ScannerSet
{
    // DevSkim's rules are for code and configuration; starting it for a change that touches none costs a process
    // start and finds nothing.
    private static readonly HashSet<string> DevSkimExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".c", ".cc", ".cpp", ".cxx", ".h", ".hpp", ".cs", ".vb", ".fs", ".java", ".kt", ".kts", ".scala", ".groovy",
        ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".py", ".rb", ".php", ".go", ".rs", ".swift", ".m", ".mm",
        ".pl", ".lua", ".r", ".ps1", ".psm1", ".sh", ".bash", ".sql", ".yml", ".yaml", ".json", ".xml", ".config", ".tf",
    };

    private readonly SecretsScanner _secrets;
    private readonly IScanner? _devSkim;

    public ScannerSet(SecretsScanner secrets, IOptions<ScanningOptions> options)
    {
        _secrets = secrets;
        var settings = options.Value;
        _devSkim = settings.DevSkim ? new SarifCommandScanner(ExternalScannerPresets.DevSkim(settings.DevSkimToolManifestDirectory ?? ToolManifest.Find(), settings.DevSkimTimeout)) : null;
    }

    /// <summary>Every scanner that may run, for the SARIF report's tool list.</summary>
    public IReadOnlyList<IScanner> All => _devSkim is null ? [_secrets] : [_secrets, _devSkim];

    public async Task<IReadOnlyList<Finding>> ScanAsync(ScanInput input, CancellationToken ct)
    {
        var scanners = new List<IScanner> { _secrets };
        if (_devSkim is not null && input.Paths is { } paths && paths.Any(p => DevSkimExtensions.Contains(Path.GetExtension(p))))
        {
            scanners.Add(_devSkim);
        }

        var results = await Task.WhenAll(scanners.Select(scanner => scanner.ScanAsync(input, ct)));
        return [.. results.SelectMany(findings => findings)];
    }
}
