namespace Fortify.Scanning.Tests;

public sealed class FindingDeduplicatorTests
{
    private static Finding Make(
        string scanner,
        string ruleId,
        Severity severity,
        int line = 10,
        int column = 5,
        int endColumn = 45,
        string path = "src/a.cs",
        string? category = null,
        string lineText = "var key = \"...\";",
        string? secretHash = null) =>
        new(ruleId, ruleId, severity, path, line, column, endColumn, "m", null, secretHash,
            Fingerprints.Compute(ruleId, path, lineText), scanner)
        {
            Category = category,
        };

    [Fact]
    public void Same_fingerprint_from_two_scanners_is_one_finding_with_the_highest_severity()
    {
        var low = Make("scanner-a", "R1", Severity.Low);
        var high = Make("scanner-b", "R1", Severity.High, line: 11);

        var group = Assert.Single(FindingDeduplicator.Group([low, high]));

        Assert.Same(high, group.Primary);
        Assert.Equal([low, high], group.Merged);
        Assert.Equal(["scanner-a", "scanner-b"], group.Scanners);
    }

    [Fact]
    public void Same_place_and_category_from_different_tools_merge()
    {
        var ours = Make("fortify-secrets", "FS016", Severity.Medium, column: 11, endColumn: 43, category: "secret", secretHash: new string('a', 64));
        // No category: inferred from the rule name, as for findings read from another tool's SARIF.
        var devSkim = Make("DevSkim", "DS173237", Severity.Critical, column: 5, endColumn: 20, category: null) with
        {
            RuleName = "Do not use hard-coded passwords",
        };
        var other = Make("DevSkim", "DS126858", Severity.High, category: "weak-crypto");

        var result = FindingDeduplicator.Deduplicate([ours, devSkim, other]);

        Assert.Equal([devSkim, other], result);
    }

    [Fact]
    public void Ties_prefer_the_finding_with_a_secret_hash()
    {
        var theirs = Make("DevSkim", "DS1", Severity.High, category: "secret");
        var ours = Make("fortify-secrets", "FS001", Severity.High, category: "secret", secretHash: new string('b', 64));

        Assert.Same(ours, Assert.Single(FindingDeduplicator.Deduplicate([theirs, ours])));
    }

    [Fact]
    public void Distinct_secrets_on_one_line_stay_apart()
    {
        var first = Make("fortify-secrets", "FS002", Severity.High, column: 1, endColumn: 21, category: "secret");
        var second = Make("fortify-secrets", "FS003", Severity.Critical, column: 40, endColumn: 80, category: "secret");

        Assert.Equal(2, FindingDeduplicator.Deduplicate([first, second]).Count);
    }

    [Fact]
    public void Identical_lines_elsewhere_in_a_file_are_separate_occurrences()
    {
        var first = Make("fortify-secrets", "FS001", Severity.High, line: 3);
        var second = Make("fortify-secrets", "FS001", Severity.High, line: 30);

        Assert.Equal(2, FindingDeduplicator.Deduplicate([first, second]).Count);
    }

    [Fact]
    public void Exact_repeats_merge_and_other_files_or_lines_do_not()
    {
        var a = Make("x", "R", Severity.Low);
        var again = a with { };
        var otherFile = Make("x", "R", Severity.Low, path: "src/b.cs");
        var otherLine = Make("y", "Q", Severity.Low, line: 99, category: "c");

        Assert.Equal([a, otherFile, otherLine], FindingDeduplicator.Deduplicate([a, again, otherFile, otherLine]));
    }

    [Fact]
    public void Merging_works_on_scanner_output_read_back_from_sarif()
    {
        var token = Fake.Expand("ghp_{alnum:36}");
        var ours = new Secrets.SecretsScanner().ScanText("a.env", "T=" + token + "\n");
        var theirs = Assert.Single(ours) with { Scanner = "gitleaks", RuleId = "github-pat", Category = null, Severity = Severity.Critical };

        var merged = FindingDeduplicator.Group([.. ours, theirs]);

        Assert.Single(merged);
        Assert.Equal(2, merged[0].Merged.Count);
    }
}
