using System.Formats.Tar;
using System.Text;
using Fortify.Scanning.Archives;
using static Fortify.Scanning.Tests.Archives.Tarballs;

namespace Fortify.Scanning.Tests.Archives;

/// <summary>
/// TarReader reads a GNU long name or link and a PAX header into one buffer of the size the header declares, before
/// the extractor sees the entry; the declared size must be refused from the raw header, before that read.
/// </summary>
[Collection(Name)]
public sealed class TarMetadataLimitTests : IDisposable
{
    /// <summary>Alone, so the bytes allocated while a test runs are that test's own.</summary>
    public const string Name = "Tar metadata limits, not in parallel";

    private const long HundredMegabytes = 100L * 1024 * 1024;
    private readonly TempDirectory _temp = new();

    private string Destination => Path.Combine(_temp.Path, "dest");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData('L', "GNU long name")]
    [InlineData('K', "GNU long link name")]
    [InlineData('x', "PAX extended header")]
    [InlineData('g', "PAX global header")]
    public async Task A_metadata_header_declaring_100_megabytes_is_refused_before_its_data_is_read(char type, string kind)
    {
        // A few kilobytes follow, not the 100 MB declared: the reader would take the buffer, then run dry.
        using var tarball = new RawTar()
            .File(Top + "/README.md", "# Octo\n")
            .Entry(type, "././@LongLink", HundredMegabytes, Encoding.ASCII.GetBytes(new string('a', 4096)))
            .Gzip();

        // The whole process: the extraction continues on pool threads after its first asynchronous write.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SafeTarballExtractor.ExtractAsync(tarball, Destination));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.True(allocated < 8L * 1024 * 1024, $"{allocated:N0} bytes were allocated: {error.Reason}");
        Assert.Contains($"{kind} declares 104,857,600 bytes", error.Reason, StringComparison.Ordinal);
        Assert.Contains("over the 65,536 byte limit for tar metadata", error.Reason, StringComparison.Ordinal);
        Assert.Equal("# Octo\n", File.ReadAllText(Path.Combine(Destination, "README.md")));
    }

    [Fact]
    public async Task A_pax_size_record_cannot_hand_a_large_size_to_a_gnu_long_name_after_it()
    {
        using var tarball = new RawTar()
            .Pax('x', ("size", HundredMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Entry('L', "././@LongLink", 16, Encoding.ASCII.GetBytes(Top + "/a.txt\0"))
            .File(Top + "/a.txt", "a")
            .Gzip();

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SafeTarballExtractor.ExtractAsync(tarball, Destination));

        Assert.Contains("GNU long name follows a PAX extended header", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000, 0)]
    [InlineData(0, 1000)]
    public async Task A_pax_size_record_moves_the_next_header_as_it_does_for_the_reader(int paxSize, int headerSize)
    {
        // The reader takes the file's size from the PAX record; a guard reading the header's own size would look for
        // the next header in the wrong place and miss the hostile one.
        var content = Encoding.ASCII.GetBytes(new string('c', paxSize));
        using var tarball = new RawTar()
            .Pax('x', ("size", paxSize.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Entry('0', Top + "/c.txt", headerSize, content)
            .Entry('L', "././@LongLink", HundredMegabytes, Encoding.ASCII.GetBytes(new string('a', 4096)))
            .Gzip();

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SafeTarballExtractor.ExtractAsync(tarball, Destination));

        Assert.Contains("GNU long name declares 104,857,600 bytes", error.Reason, StringComparison.Ordinal);
        Assert.Equal(paxSize, new FileInfo(Path.Combine(Destination, "c.txt")).Length);
    }

    [Theory]
    [InlineData(TarEntryFormat.Gnu)]
    [InlineData(TarEntryFormat.Pax)]
    public async Task Long_names_and_link_targets_under_the_limit_still_extract(TarEntryFormat format)
    {
        // Past 100 characters a name needs GNU's long name entry or a PAX path record.
        var folder = string.Join('/', Enumerable.Range(0, 3).Select(i => new string((char)('a' + i), 120)));
        var name = $"{Top}/{folder}/file.txt";
        var target = new string('t', 150);
        using var tarball = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(tarball, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, format, leaveOpen: true))
        {
            TarEntry file = format == TarEntryFormat.Gnu ? new GnuTarEntry(TarEntryType.RegularFile, name) : new PaxTarEntry(TarEntryType.RegularFile, name);
            file.DataStream = new MemoryStream(Encoding.UTF8.GetBytes("deep\n"));
            tar.WriteEntry(file);
            TarEntry link = format == TarEntryFormat.Gnu ? new GnuTarEntry(TarEntryType.SymbolicLink, $"{Top}/{folder}/link") : new PaxTarEntry(TarEntryType.SymbolicLink, $"{Top}/{folder}/link");
            link.LinkName = target;
            tar.WriteEntry(link);
        }

        tarball.Position = 0;

        var result = await SafeTarballExtractor.ExtractAsync(tarball, Destination);

        Assert.Equal("deep\n", File.ReadAllText(Path.Combine(Destination, folder, "file.txt")));
        Assert.Contains(target, Assert.Single(result.Skipped).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3_000, false)]
    [InlineData(5_000, true)]
    public async Task The_metadata_limit_is_one_of_the_extraction_limits(int nameLength, bool refused)
    {
        // Folders of 99 characters: one name of thousands would pass what the file system takes.
        var name = $"{Top}/{string.Join('/', Enumerable.Range(0, nameLength / 100).Select(i => $"{i:D2}{new string('n', 97)}"))}";
        using var tarball = new RawTar()
            .Entry('L', "././@LongLink", name.Length + 1, Encoding.ASCII.GetBytes(name + "\0"))
            .File(name, "n")
            .Gzip();
        var limits = new ArchiveLimits { MaxMetadataEntryBytes = 4_096, MaxPathLength = 10_000 };

        var extraction = SafeTarballExtractor.ExtractAsync(tarball, Destination, limits);

        if (refused)
        {
            var error = await Assert.ThrowsAsync<HostileArchiveException>(() => extraction);
            Assert.Contains("over the 4,096 byte limit for tar metadata", error.Reason, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(1, (await extraction).FilesWritten);
        }
    }
}

[CollectionDefinition(TarMetadataLimitTests.Name, DisableParallelization = true)]
public sealed class TarMetadataLimitCollection;
