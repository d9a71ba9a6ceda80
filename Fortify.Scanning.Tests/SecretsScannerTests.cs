using System.Text;
using Fortify.Scanning.Secrets;

namespace Fortify.Scanning.Tests;

public sealed class SecretsScannerTests
{
    private static readonly SecretsScanner Scanner = new();

    private static string GitHubToken(int seed = 3) => Fake.Expand("ghp_{alnum:36}", seed);

    [Theory]
    [InlineData("TOKEN={0} # fortify:ignore")]
    [InlineData("const token = '{0}'; // fortify:ignore test fixture")]
    [InlineData("token: {0}  # FORTIFY:IGNORE")]
    public void An_inline_ignore_comment_silences_its_line_only(string template)
    {
        var token = GitHubToken();
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, token) + "\nOTHER=" + token + "\n";

        var finding = Assert.Single(Scanner.ScanText("a.env", text));

        Assert.Equal(2, finding.Line);
    }

    [Fact]
    public void Configured_allowed_values_and_hashes_are_not_reported()
    {
        var allowed = GitHubToken(1);
        var baselined = GitHubToken(2);
        var reported = GitHubToken(3);
        var scanner = new SecretsScanner(new SecretsScannerOptions
        {
            AllowedValues = [allowed],
            AllowedSecretHashes = [Fingerprints.Sha256Hex(baselined).ToUpperInvariant()],
        });

        var findings = scanner.ScanText("a.env", $"A={allowed}\nB={baselined}\nC={reported}\n");

        var finding = Assert.Single(findings);
        Assert.Equal(3, finding.Line);
    }

    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("changeme")]
    [InlineData("xxxxxxxxxxxxxxxx")]
    [InlineData("${API_KEY}")]
    [InlineData("<api-key>")]
    [InlineData("your_api_key")]
    [InlineData("%API_KEY%")]
    [InlineData("{{ .Values.apiKey }}")]
    public void Built_in_placeholders_are_allowed(string value)
    {
        Assert.True(Placeholders.IsPlaceholder(value));
    }

    [Fact]
    public void Random_values_are_not_placeholders()
    {
        Assert.False(Placeholders.IsPlaceholder(GitHubToken()));
        Assert.False(Placeholders.IsPlaceholder(Fake.Expand("%{pw:14}")));
    }

    [Fact]
    public void Binary_content_is_skipped()
    {
        var text = Encoding.UTF8.GetBytes("GITHUB_TOKEN=" + GitHubToken() + "\n");
        var binary = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0x0D }.Concat(text).ToArray();

        Assert.True(SecretsScanner.IsBinary(binary));
        Assert.Empty(Scanner.ScanBytes("image.png", binary));
        Assert.Single(Scanner.ScanBytes("a.env", text));
    }

    [Fact]
    public void A_nul_byte_after_the_first_8_KB_does_not_make_a_file_binary()
    {
        var content = Encoding.UTF8.GetBytes(new string('a', 9000) + "\nGITHUB_TOKEN=" + GitHubToken() + "\n").Append((byte)0).ToArray();

        Assert.False(SecretsScanner.IsBinary(content));
        Assert.Single(Scanner.ScanBytes("big.txt", content));
    }

    [Fact]
    public async Task Files_over_the_size_limit_and_binary_files_are_skipped_on_disk()
    {
        using var temp = new TempDirectory();
        var line = "GITHUB_TOKEN=" + GitHubToken() + "\n";
        temp.Write("small.env", line);
        temp.Write("large.env", line + new string('#', 5000));
        temp.Write("blob.bin", [.. Encoding.UTF8.GetBytes(line), 0, 1, 2]);
        var scanner = new SecretsScanner(new SecretsScannerOptions { MaxFileSizeBytes = 1024 });

        var findings = await scanner.ScanAsync(new ScanInput(temp.Path), CancellationToken.None);

        var finding = Assert.Single(findings);
        Assert.Equal("small.env", finding.Path);
    }

    [Fact]
    public void The_preview_and_message_never_hold_the_secret()
    {
        var secrets = new[]
        {
            GitHubToken(),
            Fake.Expand("sk_live_{alnum:32}"),
            Fake.Expand("{jwt}"),
            Fake.Expand("{pw:12}"),
        };
        var text = $"a = \"{secrets[0]}\"\nb = \"{secrets[1]}\"\nc = \"{secrets[2]}\"\npassword = \"{secrets[3]}\"\n";

        var findings = Scanner.ScanText("s.py", text);

        Assert.Equal(4, findings.Count);
        foreach (var finding in findings)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, finding.Preview!, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, finding.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(secret[4..], finding.Preview!, StringComparison.Ordinal);
            }

            Assert.Contains("…" + Redaction.Mask, finding.Preview!, StringComparison.Ordinal);
        }

        Assert.Equal("a = \"ghp_…********\"", findings[0].Preview);
        Assert.Equal(Fingerprints.Sha256Hex(secrets[0]), findings[0].SecretHash);
    }

    [Fact]
    public void Redaction_keeps_at_most_four_characters()
    {
        Assert.Equal("ghp_…********", Redaction.Redact("ghp_" + new string('a', 36)));
        Assert.Equal("s3…********", Redaction.Redact("s3cr3tP4ss"));
        Assert.Equal("…********", Redaction.Redact("hunter"));
    }

    [Fact]
    public void A_long_line_gets_a_short_preview_around_the_finding()
    {
        var token = GitHubToken();
        var line = "var data = '" + new string('z', 10_000) + "'; var token = '" + token + "'; " + new string('y', 10_000);

        var finding = Assert.Single(Scanner.ScanText("bundle.min.js", line));

        Assert.True(finding.Preview!.Length <= 202);
        Assert.Contains("ghp_…", finding.Preview, StringComparison.Ordinal);
        Assert.Equal(line.IndexOf(token, StringComparison.Ordinal) + 1, finding.Column);
    }

    [Fact]
    public void The_fingerprint_survives_lines_inserted_above_and_reindentation()
    {
        var token = GitHubToken();
        var before = $"a = 1\nTOKEN = \"{token}\"\n";
        var after = $"# new header\n\nimport os\na = 1\n    TOKEN  =   \"{token}\"\n";

        var first = Assert.Single(Scanner.ScanText("app/settings.py", before));
        var second = Assert.Single(Scanner.ScanText("app/settings.py", after));

        Assert.Equal(2, first.Line);
        Assert.Equal(5, second.Line);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.NotEqual(first.Fingerprint, Assert.Single(Scanner.ScanText("app/other.py", before)).Fingerprint);
    }

    [Fact]
    public void Fingerprints_normalise_white_space_and_ignore_line_numbers()
    {
        var a = Fingerprints.Compute("FS001", "a/b.cs", "  x   =\t\"y\"  ");
        var b = Fingerprints.Compute("FS001", "a\\b.cs", "x = \"y\"");

        Assert.Equal(a, b);
        Assert.Matches("^[0-9a-f]{64}$", a);
        Assert.NotEqual(a, Fingerprints.Compute("FS002", "a/b.cs", "x = \"y\""));
    }

    [Fact]
    public void Crlf_line_endings_give_the_same_findings()
    {
        var token = GitHubToken();
        var lf = $"a\nb\nTOKEN={token}\n";

        var unix = Assert.Single(Scanner.ScanText("a.env", lf));
        var windows = Assert.Single(Scanner.ScanText("a.env", lf.Replace("\n", "\r\n", StringComparison.Ordinal)));

        Assert.Equal(unix with { }, windows);
    }

    [Fact]
    public void Added_lines_restrict_findings_to_the_diff()
    {
        var text = $"A={GitHubToken(1)}\nB={GitHubToken(2)}\nC={GitHubToken(3)}\n";

        var findings = Scanner.ScanText("a.env", text, new HashSet<int> { 2, 3 });

        Assert.Equal([2, 3], findings.Select(f => f.Line));
    }

    [Fact]
    public async Task ScanAsync_honours_paths_added_lines_and_excluded_folders()
    {
        using var temp = new TempDirectory();
        var text = $"A={GitHubToken(1)}\nB={GitHubToken(2)}\n";
        temp.Write("src/a.env", text);
        temp.Write("src/b.env", text);
        temp.Write(".git/config", text);
        temp.Write("docs/c.env", text);

        var all = await Scanner.ScanAsync(new ScanInput(temp.Path), CancellationToken.None);
        Assert.Equal(
            ["docs/c.env:1", "docs/c.env:2", "src/a.env:1", "src/a.env:2", "src/b.env:1", "src/b.env:2"],
            all.Select(f => $"{f.Path}:{f.Line}"));

        var diff = await Scanner.ScanAsync(
            new ScanInput(temp.Path, ["src/a.env", "src\\b.env", "../outside.env", "missing.env"],
                new Dictionary<string, IReadOnlySet<int>> { ["src/b.env"] = new HashSet<int> { 2 } }),
            CancellationToken.None);
        Assert.Equal(["src/a.env:1", "src/a.env:2", "src/b.env:2"], diff.Select(f => $"{f.Path}:{f.Line}"));
    }

    [Fact]
    public async Task ScanAsync_does_not_follow_paths_out_of_the_root()
    {
        using var outside = new TempDirectory();
        using var temp = new TempDirectory();
        outside.Write("secret.env", "A=" + GitHubToken() + "\n");
        var relative = Path.GetRelativePath(temp.Path, Path.Combine(outside.Path, "secret.env"));

        var findings = await Scanner.ScanAsync(new ScanInput(temp.Path, [relative, Path.Combine(outside.Path, "secret.env")]), CancellationToken.None);

        Assert.Empty(findings);
    }

    [Fact]
    public async Task ScanAsync_skips_symbolic_links()
    {
        using var outside = new TempDirectory();
        using var temp = new TempDirectory();
        var target = outside.Write("secret.env", "A=" + GitHubToken() + "\n");
        try
        {
            File.CreateSymbolicLink(Path.Combine(temp.Path, "link.env"), target);
            Directory.CreateSymbolicLink(Path.Combine(temp.Path, "linked-dir"), outside.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return; // No symbolic links on this file system.
        }

        Assert.Empty(await Scanner.ScanAsync(new ScanInput(temp.Path), CancellationToken.None));
        Assert.Empty(await Scanner.ScanAsync(new ScanInput(temp.Path, ["link.env", "linked-dir/secret.env"]), CancellationToken.None));
    }

    [Fact]
    public async Task ScanAsync_reads_utf8_with_bom()
    {
        using var temp = new TempDirectory();
        temp.Write("bom.env", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("TOKEN=" + GitHubToken() + "\n")]);

        var finding = Assert.Single(await Scanner.ScanAsync(new ScanInput(temp.Path), CancellationToken.None));

        Assert.Equal(7, finding.Column);
    }
}
