namespace Fortify.Scanning.Archives;

/// <summary>
/// Bounds on what <see cref="SafeTarballExtractor"/> accepts. The defaults fit any real repository tarball and stop
/// decompression bombs long before they fill a disk.
/// </summary>
public sealed record ArchiveLimits
{
    /// <summary>The defaults: 512 MB compressed, 2 GB uncompressed, 100,000 files, 50 MB per file, 64 KB per metadata entry.</summary>
    public static ArchiveLimits Default { get; } = new();

    /// <summary>Most bytes read from the compressed stream.</summary>
    public long MaxCompressedBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Most bytes of file content written, all files together.</summary>
    public long MaxTotalBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Most regular files written.</summary>
    public int MaxFileCount { get; init; } = 100_000;

    /// <summary>Most entries of any kind (files, folders, links) read.</summary>
    public int MaxEntryCount { get; init; } = 250_000;

    /// <summary>Largest single file.</summary>
    public long MaxFileBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Longest relative path (characters, after the top folder is stripped).</summary>
    public int MaxPathLength { get; init; } = 1024;

    /// <summary>Most path segments (folders plus the file name) of a relative path.</summary>
    public int MaxPathDepth { get; init; } = 64;

    /// <summary>
    /// Largest data of one tar metadata entry: a GNU long name or long link name, a PAX extended or global header.
    /// TarReader reads such an entry whole into memory before the other limits see it; real ones hold a path or a
    /// commit id, a few kilobytes at most.
    /// </summary>
    public int MaxMetadataEntryBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Highest ratio of uncompressed tar bytes to compressed bytes. Source code compresses about 4 to 10 times;
    /// gzip tops out near 1,000 on runs of one byte, which is what bombs are made of.
    /// </summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>
    /// The ratio is only judged past this many uncompressed bytes: small archives of empty files (tar headers are
    /// mostly zero padding) have absurd ratios without being dangerous.
    /// </summary>
    public long CompressionRatioGraceBytes { get; init; } = 16L * 1024 * 1024;
}
