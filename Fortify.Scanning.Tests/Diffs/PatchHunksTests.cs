using Fortify.Scanning.Diffs;

namespace Fortify.Scanning.Tests.Diffs;

public sealed class PatchHunksTests
{
    [Fact]
    public void Reads_the_added_lines_of_one_hunk()
    {
        const string patch = """
            @@ -10,7 +10,8 @@ public sealed class Worker
                 private readonly ILogger _logger;
             
            -    private const string Token = "old";
            +    private const string Token = "new";
            +    private const int Retries = 3;
             
                 public Worker(ILogger logger)
                 {
            """;

        Assert.Equal([12, 13], Sorted(PatchHunks.AddedLines(patch)));
    }

    [Fact]
    public void Reads_several_hunks_and_the_no_newline_marker()
    {
        var patch = string.Join('\n',
            "@@ -1,3 +1,4 @@",
            "+// Copyright Contoso",
            " using System;",
            " using System.IO;",
            " ",
            "@@ -40,5 +41,6 @@ class Program",
            "     static void Main()",
            "     {",
            "-        Run();",
            "+        Run(args);",
            "+        Exit();",
            "     }",
            "-}",
            "\\ No newline at end of file",
            "+}",
            "\\ No newline at end of file");

        Assert.Equal([1, 43, 44, 46], Sorted(PatchHunks.AddedLines(patch)));
    }

    [Fact]
    public void Reads_additions_at_the_end_of_a_file()
    {
        const string patch = "@@ -98,3 +98,5 @@\n line 98\n line 99\n line 100\n+line 101\n+line 102\n";

        Assert.Equal([101, 102], Sorted(PatchHunks.AddedLines(patch)));
    }

    [Fact]
    public void A_new_file_adds_every_line()
    {
        const string patch = "@@ -0,0 +1,3 @@\n+one\n+two\n+three";

        Assert.Equal([1, 2, 3], Sorted(PatchHunks.AddedLines(patch)));
    }

    [Fact]
    public void A_one_line_file_has_counts_left_out()
    {
        Assert.Equal([1], Sorted(PatchHunks.AddedLines("@@ -1 +1 @@\n-old\n+new")));
    }

    [Fact]
    public void Deleting_only_adds_nothing()
    {
        const string patch = "@@ -5,4 +5,2 @@\n keep\n-gone\n-also gone\n keep too\n";

        Assert.Empty(PatchHunks.AddedLines(patch)!);
    }

    [Fact]
    public void A_deleted_file_adds_nothing()
    {
        Assert.Empty(PatchHunks.AddedLines("@@ -1,2 +0,0 @@\n-a\n-b")!);
    }

    [Fact]
    public void Empty_context_lines_and_crlf_still_count()
    {
        // An editor stripped the lone space of the empty context line; the patch uses CRLF.
        const string patch = "@@ -1,3 +1,4 @@\r\n a\r\n\r\n+added\r\n b\r\n";

        Assert.Equal([3], Sorted(PatchHunks.AddedLines(patch)));
    }

    [Fact]
    public void Lines_looking_like_file_headers_inside_a_hunk_are_content()
    {
        const string patch = "@@ -1,1 +1,2 @@\n--- a\n+++ b\n";

        Assert.Equal([1], Sorted(PatchHunks.AddedLines(patch)));
    }

    [Fact]
    public void A_full_git_diff_header_is_skipped()
    {
        const string patch = "diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n@@ -1,1 +1,2 @@\n x\n+y\n";

        Assert.Equal([2], Sorted(PatchHunks.AddedLines(patch)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_patch_means_unknown(string? patch)
    {
        Assert.Null(PatchHunks.AddedLines(patch));
    }

    [Fact]
    public void A_malformed_header_is_reported()
    {
        var error = Assert.Throws<FormatException>(() => PatchHunks.AddedLines("@@ -1,2 +x @@\n+a"));

        Assert.Contains("Line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builds_the_scan_input_map_leaving_out_unknown_files()
    {
        var map = PatchHunks.AddedLinesByPath(
        [
            new("src\\a.cs", "@@ -0,0 +1,1 @@\n+a"),
            new("img/logo.png", null),
        ]);

        Assert.Equal(["src/a.cs"], map.Keys);
        Assert.Null(new ScanInput(Path.GetTempPath(), addedLines: map).AddedLinesFor("img/logo.png"));
    }

    private static int[] Sorted(IReadOnlySet<int>? lines) => [.. lines!.Order()];
}
