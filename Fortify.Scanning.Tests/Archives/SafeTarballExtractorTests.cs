using System.Formats.Tar;
using System.Text;
using Fortify.Scanning.Archives;
using static Fortify.Scanning.Tests.Archives.Tarballs;

namespace Fortify.Scanning.Tests.Archives;

public sealed class SafeTarballExtractorTests : IDisposable
{
    // Destination and a sibling an escaping entry would land in; the sibling must stay empty.
    private readonly TempDirectory _temp = new();

    private string Destination => Path.Combine(_temp.Path, "dest");

    private string Outside => Path.Combine(_temp.Path, "outside");

    public SafeTarballExtractorTests() => Directory.CreateDirectory(Outside);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Extracts_a_github_tarball_without_its_top_folder()
    {
        using var tarball = Build(tar =>
        {
            tar.Folder(Top + "/");
            tar.File(Top + "/README.md", "# Octo\n");
            tar.Folder(Top + "/src/");
            tar.File(Top + "/src/App.cs", "class App { }\n");
            tar.File(Top + "/src/deep/er/empty.txt", "");
            tar.Link(TarEntryType.SymbolicLink, Top + "/docs/readme", "../README.md");
            tar.Link(TarEntryType.HardLink, Top + "/copy.md", Top + "/README.md");
        });

        var result = await SafeTarballExtractor.ExtractAsync(tarball, Destination);

        Assert.Equal(Top, result.TopFolder);
        Assert.Equal(3, result.FilesWritten);
        Assert.Equal(Encoding.UTF8.GetByteCount("# Octo\nclass App { }\n"), result.BytesWritten);
        Assert.Equal("# Octo\n", File.ReadAllText(Path.Combine(Destination, "README.md")));
        Assert.Equal("class App { }\n", File.ReadAllText(Path.Combine(Destination, "src", "App.cs")));
        Assert.Equal(0, new FileInfo(Path.Combine(Destination, "src", "deep", "er", "empty.txt")).Length);
        Assert.False(Directory.Exists(Path.Combine(Destination, Top)));
        Assert.False(File.Exists(Path.Combine(Destination, "pax_global_header")));

        // In-tree links are reported, never created.
        Assert.Equal(["docs/readme", "copy.md"], result.Skipped.Select(s => s.Path));
        Assert.Contains("symbolic link", result.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Contains("hard link", result.Skipped[1].Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Destination, "docs", "readme")));
        Assert.False(File.Exists(Path.Combine(Destination, "copy.md")));
        AssertNothingOutside();
    }

    [Fact]
    public async Task An_empty_archive_writes_nothing()
    {
        using var tarball = Build(_ => { });

        var result = await SafeTarballExtractor.ExtractAsync(tarball, Destination);

        Assert.Equal(("", 0, 0L), (result.TopFolder, result.FilesWritten, result.BytesWritten));
    }

    [Fact]
    public async Task Refuses_a_destination_that_is_not_empty()
    {
        Directory.CreateDirectory(Destination);
        File.WriteAllText(Path.Combine(Destination, "x"), "");
        using var tarball = Build(tar => tar.File(Top + "/a", "a"));

        await Assert.ThrowsAsync<ArgumentException>(() => SafeTarballExtractor.ExtractAsync(tarball, Destination));
    }

    public static TheoryData<string, string, string> HostileEntries => new()
    {
        // case, offending entry, expected reason
        { "dot-dot inside the top folder", Top + "/../outside/evil.txt", "'..' path segments" },
        { "dot-dot first", "../outside/evil.txt", "'..' path segments" },
        { "dot-dot with back slashes", Top + "\\..\\..\\outside\\evil.txt", "'..' path segments" },
        { "absolute unix path", "{outside}/evil.txt", "absolute paths" },
        { "absolute windows path", "C:\\outside\\evil.txt", "absolute paths" },
        { "drive after the top folder", Top + "/C:\\outside\\evil.txt", "absolute paths" },
        { "unc path", "\\\\server\\share\\evil.txt", "absolute paths" },
        { "other top folder", "other-top/evil.txt", "outside the archive's top folder" },
        { "a path part longer than a file name may be", Top + "/" + new string('a', 256) + "/evil.txt", "over the file system's limit of 255" },
        { "a name of 128 two-byte characters", Top + "/" + new string('é', 128), "256 bytes long" },
    };

    [Theory]
    [MemberData(nameof(HostileEntries))]
    public async Task Rejects_entry_names_that_escape(string @case, string name, string reason)
    {
        name = name.Replace("{outside}", Outside, StringComparison.Ordinal);
        using var tarball = Build(tar =>
        {
            tar.File(Top + "/ok.txt", "fine");
            tar.File(name, "pwned " + @case);
        });

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SafeTarballExtractor.ExtractAsync(tarball, Destination));

        Assert.Equal(name, error.EntryName);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        AssertNothingOutside();
    }

    [Fact]
    public async Task A_gnu_sparse_file_is_refused_as_hostile_not_a_crash()
    {
        // git archive never writes sparse entries; the tar reader cannot expand them.
        using var tarball = new RawTar()
            .File(Top + "/README.md", "# Octo\n")
            .Entry('S', Top + "/holes.bin", 512, new byte[512])
            .Gzip();

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SafeTarballExtractor.ExtractAsync(tarball, Destination));

        Assert.Contains("tar feature", error.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<TarEntryType, string, string> HostileLinks => new()
    {
        { TarEntryType.SymbolicLink, "../../outside", "points outside the destination" },
        { TarEntryType.SymbolicLink, "../outside/../../x", "points outside the destination" },
        { TarEntryType.SymbolicLink, "/etc/passwd", "absolute link targets" },
        { TarEntryType.SymbolicLink, "C:\\Windows\\win.ini", "absolute link targets" },
        { TarEntryType.HardLink, Top + "/../outside/x", "points outside the destination" },
        { TarEntryType.HardLink, "/etc/passwd", "points outside the destination" },
        { TarEntryType.HardLink, "other-top/x", "points outside the destination" },
    };

    [Theory]
    [MemberData(nameof(HostileLinks))]
    public async Task Rejects_links_whose_target_leaves_the_tree(TarEntryType type, string target, string reason)
    {
        using var tarball = Build(tar =>
        {
            tar.Link(type, Top + "/sub/link", target);
            // What a link-following extractor would write through the link.
            tar.File(Top + "/sub/link/evil.txt", "pwned");
        });

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SafeTarballExtractor.ExtractAsync(tarball, Destination));

        Assert.Equal(Top + "/sub/link", error.EntryName);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Contains(target, error.Reason, StringComparison.Ordinal);
        AssertNothingOutside();
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice, "character device")]
    [InlineData(TarEntryType.BlockDevice, "block device")]
    [InlineData(TarEntryType.Fifo, "FIFO")]
    public async Task Rejects_devices_and_fifos(TarEntryType type, string reason)
    {
        using var tarball = Build(tar => tar.Special(type, Top + "/dev"));

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SafeTarballExtractor.ExtractAsync(tarball, Destination));

        Assert.Equal(Top + "/dev", error.EntryName);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Destination, "dev")));
    }

    public static TheoryData<string, string> LimitCases => new()
    {
        { "files", "more than 3 files" },
        { "entries", "more than 5 entries" },
        { "file size", "over the 1,000 byte limit for one file" },
        { "total size", "total uncompressed size passes the 2,500 byte limit" },
        { "path length", "characters long, over the limit of 40" },
        { "path depth", "levels deep, over the limit of 4" },
        { "compressed", "more than 2,000 compressed bytes" },
    };

    [Theory]
    [MemberData(nameof(LimitCases))]
    public async Task Stops_at_every_limit(string limit, string reason)
    {
        var limits = new ArchiveLimits
        {
            MaxFileCount = limit == "files" ? 3 : 100,
            MaxEntryCount = limit == "entries" ? 5 : 100,
            MaxFileBytes = limit == "file size" ? 1_000 : 100_000,
            MaxTotalBytes = limit == "total size" ? 2_500 : 1_000_000,
            MaxPathLength = limit == "path length" ? 40 : 1_000,
            MaxPathDepth = limit == "path depth" ? 4 : 100,
            MaxCompressedBytes = limit == "compressed" ? 2_000 : 1_000_000,
        };
        var random = new Random(3);
        using var tarball = Build(tar =>
        {
            for (var i = 0; i < 4; i++)
            {
                var bytes = new byte[900];
                random.NextBytes(bytes);
                tar.Folder($"{Top}/d{i}/");
                tar.File($"{Top}/d{i}/f.bin", bytes);
            }

            tar.File($"{Top}/big.bin", new byte[1_001]);
            tar.File($"{Top}/a/b/c/d/e.txt", "deep");
            tar.File($"{Top}/{new string('n', 41)}.txt", "long");
        });

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SafeTarballExtractor.ExtractAsync(tarball, Destination, limits));

        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        AssertNothingOutside();
    }

    [Fact]
    public async Task A_one_gigabyte_bomb_is_refused_by_the_single_file_limit_before_it_is_inflated()
    {
        using var stop = new CancellationTokenSource();
        var (stream, producer) = ZeroBomb(1L << 30, stop.Token);

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SafeTarballExtractor.ExtractAsync(stream, Destination));
        await stop.CancelAsync();
        await stream.DisposeAsync();
        await producer;

        Assert.Equal(Top + "/zeros.bin", error.EntryName);
        Assert.Contains("1,073,741,824 bytes, over the 52,428,800 byte limit for one file", error.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Destination, "zeros.bin")));
    }

    [Fact]
    public async Task A_one_gigabyte_bomb_within_the_size_limits_is_stopped_mid_stream_by_its_compression_ratio()
    {
        using var stop = new CancellationTokenSource();
        var (stream, producer) = ZeroBomb(1L << 30, stop.Token);
        var limits = new ArchiveLimits { MaxFileBytes = 2L << 30, MaxTotalBytes = 4L << 30 };

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SafeTarballExtractor.ExtractAsync(stream, Destination, limits));
        await stop.CancelAsync();
        await stream.DisposeAsync();
        await producer;

        Assert.Contains("compression ratio", error.Reason, StringComparison.Ordinal);
        Assert.Contains("decompression bomb", error.Reason, StringComparison.Ordinal);
        // The partial file is removed and far less than the gigabyte was ever inflated.
        Assert.Empty(Directory.EnumerateFileSystemEntries(Destination));
    }

    [Fact]
    public async Task A_bomb_is_stopped_by_the_total_limit_when_the_ratio_check_is_off()
    {
        using var stop = new CancellationTokenSource();
        var (stream, producer) = ZeroBomb(1L << 30, stop.Token);
        var limits = new ArchiveLimits { MaxFileBytes = 2L << 30, MaxTotalBytes = 64L << 20, MaxCompressionRatio = double.MaxValue };

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SafeTarballExtractor.ExtractAsync(stream, Destination, limits));
        await stop.CancelAsync();
        await stream.DisposeAsync();
        await producer;

        Assert.Contains("total uncompressed size passes the 67,108,864 byte limit", error.Reason, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Destination));
    }

    [Fact]
    public async Task Garbage_is_rejected_as_not_a_tarball()
    {
        using var garbage = new MemoryStream(Encoding.UTF8.GetBytes("this is not gzip at all"));

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SafeTarballExtractor.ExtractAsync(garbage, Destination));

        Assert.Contains("not a valid gzip-compressed tar stream", error.Reason, StringComparison.Ordinal);
    }

    private void AssertNothingOutside()
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(Outside));
        Assert.All(Directory.EnumerateFileSystemEntries(_temp.Path), entry => Assert.Contains(Path.GetFileName(entry), new[] { "dest", "outside" }));
    }
}
