using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Fortify.Scanning.Secrets;
using Fortify.Scanning.Tests.Corpus;

namespace Fortify.Scanning.Benchmarks;

/// <summary>
/// Scans the generated corpus (about 28,000 lines, 1 MB of C#, JavaScript, Python, YAML, JSON, .env...) on one
/// thread and reports the throughput in MB/s.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class SecretsScannerBenchmarks
{
    private SecretsScanner _scanner = null!;
    private CorpusFile[] _files = null!;
    private (string Path, byte[] Bytes)[] _bytes = null!;

    /// <summary>UTF-8 size of the corpus, for the MB/s column.</summary>
    public static long CorpusBytes { get; private set; } = Encoding.UTF8.GetByteCount(string.Concat(CorpusGenerator.Generate().Files.Select(f => f.Content)));

    [GlobalSetup]
    public void Setup()
    {
        _scanner = new SecretsScanner();
        var corpus = CorpusGenerator.Generate();
        _files = [.. corpus.Files];
        _bytes = [.. _files.Select(f => (f.Path, Encoding.UTF8.GetBytes(f.Content)))];
        CorpusBytes = corpus.TotalBytes;
    }

    /// <summary>Text already decoded (what a worker holding file contents does).</summary>
    [Benchmark(Baseline = true)]
    public int ScanText()
    {
        var count = 0;
        foreach (var file in _files)
        {
            count += _scanner.ScanText(file.Path, file.Content).Count;
        }

        return count;
    }

    /// <summary>Raw file bytes: binary check, UTF-8 decoding and scanning.</summary>
    [Benchmark]
    public int ScanBytes()
    {
        var count = 0;
        foreach (var (path, bytes) in _bytes)
        {
            count += _scanner.ScanBytes(path, bytes).Count;
        }

        return count;
    }
}

/// <summary>Adds an MB/s column: corpus size divided by the mean time of one scan.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddColumn(new ThroughputColumn());

        // Keep reports beside the binaries rather than in the working directory (the repository root).
        ArtifactsPath = Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
    }

    private sealed class ThroughputColumn : IColumn
    {
        public string Id => "Throughput";

        public string ColumnName => "MB/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Megabytes (10^6 bytes) of source scanned per second on one thread";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            if (statistics is null)
            {
                return "NA";
            }

            var seconds = statistics.Mean / 1e9;
            return (SecretsScannerBenchmarks.CorpusBytes / 1e6 / seconds).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
