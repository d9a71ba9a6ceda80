using Fortify.Scanning.External;
using Fortify.Scanning.Secrets;

namespace Fortify.Scanning.Tests.External;

/// <summary>Runs the real DevSkim from the repository's tool manifest (restored by <c>dotnet tool restore</c>).</summary>
public sealed class DevSkimTests : IDisposable
{
    private const string Hashing = """
        using System.Security.Cryptography;

        public static class Hashing
        {
            public static byte[] Digest(byte[] data)
            {
                using var hasher = MD5.Create();
                return hasher.ComputeHash(data);
            }
        }
        """;

    private const string Clean = """
        namespace App;

        public sealed class Greeter
        {
            public string Greet(string name) => $"Hello, {name}!";
        }
        """;

    private readonly TempDirectory _source = new();
    private readonly SarifCommandScanner _devSkim = new(ExternalScannerPresets.DevSkim(RepositoryRoot.Find(), TimeSpan.FromMinutes(3)));

    public void Dispose() => _source.Dispose();

    [Fact]
    public async Task Finds_md5_on_exactly_its_line_and_nothing_in_a_clean_file()
    {
        _source.Write("src/Hashing.cs", Hashing);
        _source.Write("src/Greeter.cs", Clean);

        var findings = await _devSkim.ScanAsync(new ScanInput(_source.Path), CancellationToken.None);

        var finding = Assert.Single(findings);
        var md5Line = Array.FindIndex(Hashing.Split('\n'), l => l.Contains("MD5.Create()", StringComparison.Ordinal)) + 1;
        Assert.Equal(("src/Hashing.cs", md5Line), (finding.Path, finding.Line));
        Assert.Matches("^DS[0-9]+$", finding.RuleId);
        Assert.Equal(ExternalScannerPresets.DevSkimName, finding.Scanner);
        Assert.True(finding.Severity >= Severity.High, finding.Severity.ToString());
        Assert.Equal("weak-crypto", FindingCategories.Of(finding));
        Assert.Equal(Fingerprints.Compute(finding.RuleId, "src/Hashing.cs", "using var hasher = MD5.Create();"), finding.Fingerprint);
        Assert.Equal("using var hasher = MD5.Create();", finding.Preview);

        // A diff that did not add the MD5 line hides it; narrowing to the clean file finds nothing.
        var notAdded = new ScanInput(_source.Path, addedLines: new Dictionary<string, IReadOnlySet<int>> { ["src/Hashing.cs"] = new HashSet<int> { 1, 2 } });
        Assert.Empty(await _devSkim.ScanAsync(notAdded, CancellationToken.None));
        Assert.Empty(await _devSkim.ScanAsync(new ScanInput(_source.Path, paths: ["src/Greeter.cs"]), CancellationToken.None));
    }

    [Fact]
    public async Task A_private_key_found_by_devskim_and_the_secret_scanner_is_one_finding()
    {
        var pem = Fake.PemBlock();
        _source.Write("deploy/id_rsa", pem + "\n");
        var input = new ScanInput(_source.Path);

        var theirs = await _devSkim.ScanAsync(input, CancellationToken.None);
        var ours = await new SecretsScanner().ScanAsync(input, CancellationToken.None);

        var devSkimKey = Assert.Single(theirs);
        Assert.Equal(("deploy/id_rsa", 1), (devSkimKey.Path, devSkimKey.Line));
        Assert.Equal(FindingCategories.Secret, FindingCategories.Of(devSkimKey));
        // DevSkim's snippet would be the key itself: the adapter never carries it.
        Assert.DoesNotContain(pem.Split('\n')[1], devSkimKey.Preview ?? "", StringComparison.Ordinal);

        var group = Assert.Single(FindingDeduplicator.Group([.. ours, .. theirs]));
        Assert.Equal(["fortify-secrets", "DevSkim"], group.Scanners);
        Assert.Equal("FS012", group.Primary.RuleId);
    }
}
