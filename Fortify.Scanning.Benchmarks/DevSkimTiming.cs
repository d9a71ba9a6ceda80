using System.Diagnostics;
using System.Globalization;
using Fortify.Scanning.External;
using Fortify.Scanning.Tests.Corpus;

namespace Fortify.Scanning.Benchmarks;

/// <summary>
/// DevSkim's throughput over the same corpus files. DevSkim is an external process, so BenchmarkDotNet cannot measure
/// it in-process: each run goes through <see cref="SarifCommandScanner"/> and is timed with a stopwatch (wall time,
/// process and .NET start-up included; the start-up alone is measured on an empty folder and shown apart).
/// </summary>
public static class DevSkimTiming
{
    private const int Runs = 3;

    public static async Task RunAsync()
    {
        var manifest = FindToolManifest();
        var corpus = CorpusGenerator.Generate();
        var folder = Directory.CreateTempSubdirectory("fortify-devskim-bench-").FullName;
        var empty = Directory.CreateTempSubdirectory("fortify-devskim-empty-").FullName;
        try
        {
            corpus.WriteTo(folder);
            var megabytes = corpus.TotalBytes / 1e6;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Corpus: {corpus.Files.Count} files, {corpus.TotalLines} lines, {megabytes:F3} MB, written to {folder}"));
            Console.WriteLine("DevSkim 1.0.100 through SarifCommandScanner (external process; stopwatch wall time, not BenchmarkDotNet):");

            foreach (var (label, extra) in new[] { ("one thread (--disable-parallel)", new[] { "--disable-parallel" }), ("default (parallel, 2 cores)", Array.Empty<string>()) })
            {
                var scanner = new SarifCommandScanner(ExternalScannerPresets.DevSkim(manifest, TimeSpan.FromMinutes(10), extra));
                var startUp = await MedianAsync(scanner, empty);
                var (total, findings) = await MedianWithCountAsync(scanner, folder);
                var scanOnly = Math.Max(total - startUp, 0.001);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {label,-32} median of {Runs}: {total:F2} s = {megabytes / total:F2} MB/s; start-up on an empty folder {startUp:F2} s; without start-up {megabytes / scanOnly:F2} MB/s; {findings} findings"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(empty, recursive: true);
        }
    }

    private static async Task<double> MedianAsync(SarifCommandScanner scanner, string folder) =>
        (await MedianWithCountAsync(scanner, folder)).Seconds;

    private static async Task<(double Seconds, int Findings)> MedianWithCountAsync(SarifCommandScanner scanner, string folder)
    {
        // One warm-up run fills the OS file cache and the tool's first-run caches.
        var findings = (await scanner.ScanAsync(new ScanInput(folder), CancellationToken.None)).Count;
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            findings = (await scanner.ScanAsync(new ScanInput(folder), CancellationToken.None)).Count;
            times.Add(stopwatch.Elapsed.TotalSeconds);
        }

        times.Sort();
        return (times[times.Count / 2], findings);
    }

    private static string FindToolManifest()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "dotnet-tools.json")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException("No dotnet-tools.json found; run from the repository.");
    }
}
