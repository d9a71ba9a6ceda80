using Fortify.Scanning;
using Fortify.Scanning.External;
using Fortify.Scanning.Secrets;
using Microsoft.Extensions.Options;

namespace Fortify.Worker.Scanning;

/// <summary>Every scanner a job runs, side by side: the built-in secrets scanner and, when enabled, DevSkim.</summary>
internal sealed class ScannerSet
{
    private readonly IReadOnlyList<IScanner> _scanners;

    public ScannerSet(SecretsScanner secrets, IOptions<ScanningOptions> options)
    {
        var settings = options.Value;
        _scanners = settings.DevSkim
            ? [secrets, new SarifCommandScanner(ExternalScannerPresets.DevSkim(settings.DevSkimTimeout))]
            : [secrets];
    }

    public IReadOnlyList<IScanner> All => _scanners;

    public async Task<IReadOnlyList<Finding>> ScanAsync(ScanInput input, CancellationToken ct)
    {
        var results = await Task.WhenAll(_scanners.Select(scanner => scanner.ScanAsync(input, ct)));
        return [.. results.SelectMany(findings => findings)];
    }
}
