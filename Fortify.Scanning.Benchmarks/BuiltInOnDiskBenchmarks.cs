using BenchmarkDotNet.Attributes;
using Fortify.Scanning.Secrets;
using Fortify.Scanning.Tests.Corpus;

namespace Fortify.Scanning.Benchmarks;

/// <summary>
/// The built-in secret scanner over the corpus written to a temp folder, one file at a time on one thread: the
/// same input and the same work (read, decode, scan) that <see cref="DevSkimTiming"/> gives DevSkim.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class BuiltInOnDiskBenchmarks
{
    private readonly SecretsScanner _scanner = new(new SecretsScannerOptions { MaxDegreeOfParallelism = 1 });
    private string _folder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("fortify-bench-").FullName;
        CorpusGenerator.Generate().WriteTo(_folder);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>Enumerates, reads and scans every corpus file on disk.</summary>
    [Benchmark]
    public async Task<int> ScanFolderOneThread() =>
        (await _scanner.ScanAsync(new ScanInput(_folder), CancellationToken.None)).Count;
}
