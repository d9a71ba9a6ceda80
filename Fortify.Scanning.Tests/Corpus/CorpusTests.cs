using System.Diagnostics;
using System.Globalization;
using Fortify.Scanning.Secrets;
using Xunit.Abstractions;

namespace Fortify.Scanning.Tests.Corpus;

/// <summary>
/// Recall and false-positive rate on a generated source tree: every planted secret must be found by its rule
/// (recall at least 95 %), and findings elsewhere (look-alikes, ordinary code) must stay at or below one per
/// 10,000 lines.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    private static readonly Lazy<SyntheticCorpus> Corpus = new(() => CorpusGenerator.Generate());

    [Fact]
    public void The_corpus_is_large_and_varied()
    {
        var corpus = Corpus.Value;

        Assert.True(corpus.TotalLines >= 20_000, $"{corpus.TotalLines} lines");
        Assert.True(corpus.Secrets.Count >= 100, $"{corpus.Secrets.Count} secrets");
        Assert.True(corpus.LookAlikes >= 300, $"{corpus.LookAlikes} look-alikes");
        var families = corpus.Secrets.Select(s => s.RuleId).Distinct().Count();
        Assert.Equal(new SecretsScanner().Rules.Count, families);
        foreach (var extension in new[] { ".cs", ".js", ".py", ".yaml", ".yml", ".json", ".env", ".md", ".html", ".sh" })
        {
            Assert.Contains(corpus.Files, f => f.Path.EndsWith(extension, StringComparison.Ordinal));
        }

        Assert.Equal(corpus.Files.Count, corpus.Files.Select(f => f.Path).Distinct().Count());
    }

    [Fact]
    public void The_corpus_is_deterministic()
    {
        var again = CorpusGenerator.Generate();

        Assert.Equal(Corpus.Value.Files, again.Files);
        Assert.Equal(Corpus.Value.Secrets, again.Secrets);
    }

    [Fact]
    public void Recall_is_at_least_95_percent_and_false_positives_at_most_1_per_10000_lines()
    {
        var corpus = Corpus.Value;
        var scanner = new SecretsScanner();
        var stopwatch = Stopwatch.StartNew();
        var findings = corpus.Files.SelectMany(f => scanner.ScanText(f.Path, f.Content)).ToList();
        stopwatch.Stop();

        var planted = corpus.Secrets.ToDictionary(s => (s.Path, s.Line));
        var found = corpus.Secrets
            .Where(s => findings.Any(f => f.Path == s.Path && f.Line == s.Line && f.RuleId == s.RuleId))
            .ToList();
        var falsePositives = findings.Where(f => !planted.ContainsKey((f.Path, f.Line))).ToList();
        var recall = (double)found.Count / corpus.Secrets.Count;
        var falsePositivesPer10K = falsePositives.Count * 10_000.0 / corpus.TotalLines;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Corpus: {corpus.Files.Count} files, {corpus.TotalLines} lines, {corpus.TotalBytes / 1024.0 / 1024.0:F2} MB, {corpus.Secrets.Count} planted secrets, {corpus.LookAlikes} look-alike blocks"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Recall: {found.Count}/{corpus.Secrets.Count} = {recall:P2}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"False positives: {falsePositives.Count} = {falsePositivesPer10K:F2} per 10,000 lines"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scan time (one thread, includes JIT): {stopwatch.Elapsed.TotalMilliseconds:F0} ms"));
        foreach (var family in corpus.Secrets.GroupBy(s => s.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {family.Key,-28} {family.Count(found.Contains)}/{family.Count()}");
        }

        foreach (var missed in corpus.Secrets.Except(found))
        {
            var actual = findings.Where(f => f.Path == missed.Path && f.Line == missed.Line).Select(f => f.RuleId);
            output.WriteLine($"MISSED {missed.Family} ({missed.Syntax}) {missed.Path}:{missed.Line} reported as [{string.Join(", ", actual)}]");
        }

        foreach (var falsePositive in falsePositives)
        {
            output.WriteLine($"FALSE POSITIVE {falsePositive.RuleId} {falsePositive.Path}:{falsePositive.Line} {falsePositive.Preview}");
        }

        // No finding may carry a planted secret in clear.
        foreach (var finding in findings)
        {
            foreach (var secret in corpus.Secrets.Where(s => s.Path == finding.Path))
            {
                Assert.DoesNotContain(secret.Secret, finding.Preview ?? "", StringComparison.Ordinal);
                Assert.DoesNotContain(secret.Secret, finding.Message, StringComparison.Ordinal);
            }
        }

        Assert.True(recall >= 0.95, $"Recall {recall:P2} is below 95 %.");
        Assert.True(falsePositivesPer10K <= 1.0, $"{falsePositivesPer10K:F2} false positives per 10,000 lines.");
    }

    [Fact]
    public async Task Scanning_the_corpus_on_disk_gives_the_same_findings_as_in_memory()
    {
        var corpus = Corpus.Value;
        using var temp = new TempDirectory();
        corpus.WriteTo(temp.Path);
        var scanner = new SecretsScanner();

        var fromDisk = await scanner.ScanAsync(new ScanInput(temp.Path), CancellationToken.None);
        var inMemory = corpus.Files
            .SelectMany(f => scanner.ScanText(f.Path, f.Content))
            .OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column)
            .ToList();

        Assert.Equal(inMemory, fromDisk);
    }
}
