using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;

namespace Fortify.Scanning.Archives;

/// <summary>
/// Extracts a GitHub repository tarball (<c>.tar.gz</c> whose entries all sit under one top folder
/// <c>owner-repo-sha7/</c>, which is stripped) into an empty folder, streaming, with <see cref="ArchiveLimits"/>.
/// Every entry's resolved full path is checked against the destination before anything is written; links, devices
/// and FIFOs are never created. A hostile or oversized archive fails with <see cref="HostileArchiveException"/>;
/// the destination may then hold part of the archive and should be deleted.
/// </summary>
public static class SafeTarballExtractor
{
    /// <summary>Extracts <paramref name="gzipTarball"/> into <paramref name="destination"/>.</summary>
    /// <param name="gzipTarball">The gzip-compressed tar stream; read once, forwards only, left open.</param>
    /// <param name="destination">The folder to fill; created when missing, and it must be empty.</param>
    /// <param name="limits">Bounds; <see cref="ArchiveLimits.Default"/> when null.</param>
    /// <param name="ct">Cancels the extraction.</param>
    /// <exception cref="HostileArchiveException">An entry or the archive as a whole broke a rule or a limit.</exception>
    public static async Task<ExtractionResult> ExtractAsync(
        Stream gzipTarball,
        string destination,
        ArchiveLimits? limits = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(gzipTarball);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        Directory.CreateDirectory(root);
        if (Directory.EnumerateFileSystemEntries(root).Any())
        {
            // A pre-existing link in the destination would let a checked path land elsewhere.
            throw new ArgumentException($"The destination '{root}' must be empty.", nameof(destination));
        }

        var extraction = new TarballExtraction(root + Path.DirectorySeparatorChar, limits ?? ArchiveLimits.Default);
        return await extraction.RunAsync(gzipTarball, ct);
    }

    /// <summary>Extracts the tarball at <paramref name="tarballPath"/> into <paramref name="destination"/>.</summary>
    public static async Task<ExtractionResult> ExtractFileAsync(
        string tarballPath,
        string destination,
        ArchiveLimits? limits = null,
        CancellationToken ct = default)
    {
        await using var stream = new FileStream(tarballPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await ExtractAsync(stream, destination, limits, ct);
    }

    private sealed class TarballExtraction(string rootWithSeparator, ArchiveLimits limits)
    {
        private readonly List<SkippedEntry> _skipped = [];
        private string? _topFolder;
        private string? _currentEntry;
        private int _files;
        private int _entries;
        private long _bytes;
        private CountingReadStream? _compressed;

        public async Task<ExtractionResult> RunAsync(Stream gzipTarball, CancellationToken ct)
        {
            // Header and padding bytes come on top of file content; skipped entries' data is read through too.
            var maxTarBytes = limits.MaxTotalBytes + (limits.MaxEntryCount * 2048L);
            _compressed = new CountingReadStream(gzipTarball, total =>
            {
                if (total > limits.MaxCompressedBytes)
                {
                    throw Hostile($"more than {limits.MaxCompressedBytes:N0} compressed bytes");
                }
            });
            await using var gzip = new GZipStream(_compressed, CompressionMode.Decompress, leaveOpen: true);
            await using var tar = new CountingReadStream(gzip, total =>
            {
                if (total > maxTarBytes)
                {
                    throw Hostile($"more than {maxTarBytes:N0} uncompressed bytes (decompression bomb)");
                }

                if (total > limits.CompressionRatioGraceBytes && total > _compressed.BytesRead * limits.MaxCompressionRatio)
                {
                    var ratio = (double)total / Math.Max(1, _compressed.BytesRead);
                    throw Hostile(string.Create(CultureInfo.InvariantCulture,
                        $"compression ratio {ratio:F0}:1 is over the {limits.MaxCompressionRatio:F0}:1 limit (decompression bomb)"));
                }
            });

            try
            {
                await using var guarded = new TarMetadataGuard(tar, limits.MaxMetadataEntryBytes);
                await using var reader = new TarReader(guarded, leaveOpen: true);
                while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
                {
                    _currentEntry = entry.Name;
                    await ExtractEntryAsync(entry, ct);
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw Hostile("the archive is not a valid gzip-compressed tar stream: " + ex.Message, ex);
            }
            catch (NotSupportedException ex)
            {
                // GNU sparse files and other formats the tar reader refuses: git archive never writes them.
                throw Hostile("the archive uses a tar feature GitHub's tarballs never use: " + ex.Message, ex);
            }

            return new ExtractionResult(_topFolder ?? "", _files, _bytes, _skipped);
        }

        private async Task ExtractEntryAsync(TarEntry entry, CancellationToken ct)
        {
            if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
            {
                // GitHub's pax_global_header carries the commit id, nothing to write.
                return;
            }

            if (++_entries > limits.MaxEntryCount)
            {
                throw Hostile($"more than {limits.MaxEntryCount:N0} entries");
            }

            var relative = RelativePath(entry.Name);
            if (relative is null)
            {
                // The top folder's own entry.
                return;
            }

            var fullPath = TarballPaths.Resolve(rootWithSeparator, relative)
                ?? throw Hostile("the path resolves outside the destination");

            switch (entry.EntryType)
            {
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    await WriteFileAsync(entry, relative, fullPath, ct);
                    break;
                case TarEntryType.Directory:
                    if (File.Exists(fullPath))
                    {
                        throw Hostile("a folder collides with a file of the same name");
                    }

                    Directory.CreateDirectory(fullPath);
                    break;
                case TarEntryType.SymbolicLink:
                    CheckSymbolicLink(entry.LinkName, fullPath);
                    _skipped.Add(new SkippedEntry(relative, $"symbolic link to '{entry.LinkName}' not created"));
                    break;
                case TarEntryType.HardLink:
                    CheckHardLink(entry.LinkName);
                    _skipped.Add(new SkippedEntry(relative, $"hard link to '{entry.LinkName}' not created"));
                    break;
                case TarEntryType.CharacterDevice:
                    throw Hostile("character device entries are not allowed");
                case TarEntryType.BlockDevice:
                    throw Hostile("block device entries are not allowed");
                case TarEntryType.Fifo:
                    throw Hostile("FIFO (named pipe) entries are not allowed");
                default:
                    _skipped.Add(new SkippedEntry(relative, $"unsupported entry type {entry.EntryType}"));
                    break;
            }
        }

        /// <summary>The path under the top folder; <see langword="null"/> for the top folder itself.</summary>
        private string? RelativePath(string name)
        {
            var segments = TarballPaths.Segments(name, out var problem);
            if (problem is not null)
            {
                throw Hostile(problem);
            }

            if (segments.Length == 0)
            {
                throw Hostile("the name is empty");
            }

            _topFolder ??= segments[0];
            if (!string.Equals(segments[0], _topFolder, StringComparison.Ordinal))
            {
                throw Hostile($"the entry is outside the archive's top folder '{_topFolder}'");
            }

            if (segments.Length == 1)
            {
                return null;
            }

            var relative = string.Join('/', segments.Skip(1));
            if (segments.Length - 1 > limits.MaxPathDepth)
            {
                throw Hostile($"the path is {segments.Length - 1} levels deep, over the limit of {limits.MaxPathDepth}");
            }

            if (relative.Length > limits.MaxPathLength)
            {
                throw Hostile($"the path is {relative.Length:N0} characters long, over the limit of {limits.MaxPathLength:N0}");
            }

            return relative;
        }

        private void CheckSymbolicLink(string target, string linkFullPath)
        {
            if (string.IsNullOrEmpty(target) || TarballPaths.IsAbsolute(target))
            {
                throw Hostile($"symbolic link to '{target}': absolute link targets are not allowed");
            }

            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(linkFullPath)!, target.Replace('\\', '/')));
            if (!TarballPaths.IsInside(rootWithSeparator, resolved))
            {
                throw Hostile($"symbolic link to '{target}' points outside the destination");
            }
        }

        private void CheckHardLink(string target)
        {
            // Hard link targets name another entry of the archive, top folder included.
            var segments = TarballPaths.Segments(target, out var problem);
            if (problem is not null || segments.Length < 2 || !string.Equals(segments[0], _topFolder, StringComparison.Ordinal)
                || TarballPaths.Resolve(rootWithSeparator, string.Join('/', segments.Skip(1))) is null)
            {
                throw Hostile($"hard link to '{target}' points outside the destination");
            }
        }

        private async Task WriteFileAsync(TarEntry entry, string relative, string fullPath, CancellationToken ct)
        {
            if (++_files > limits.MaxFileCount)
            {
                throw Hostile($"more than {limits.MaxFileCount:N0} files");
            }

            // The header states the size up front: refuse before decompressing a byte of it.
            CheckFileSize(entry.Length);
            if (_bytes + entry.Length > limits.MaxTotalBytes)
            {
                throw Hostile($"the total uncompressed size passes the {limits.MaxTotalBytes:N0} byte limit");
            }

            if (File.Exists(fullPath) || Directory.Exists(fullPath))
            {
                throw Hostile($"'{relative}' appears twice in the archive");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            var written = 0L;
            try
            {
                await using var output = new FileStream(fullPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                if (entry.DataStream is { } data)
                {
                    var buffer = new byte[81920];
                    int read;
                    while ((read = await data.ReadAsync(buffer, ct)) > 0)
                    {
                        // The running totals are checked again in case the header understated the size.
                        written += read;
                        _bytes += read;
                        CheckFileSize(written);
                        if (_bytes > limits.MaxTotalBytes)
                        {
                            throw Hostile($"the total uncompressed size passes the {limits.MaxTotalBytes:N0} byte limit");
                        }

                        await output.WriteAsync(buffer.AsMemory(0, read), ct);
                    }
                }
            }
            catch
            {
                File.Delete(fullPath);
                throw;
            }
        }

        private void CheckFileSize(long size)
        {
            if (size > limits.MaxFileBytes)
            {
                throw Hostile($"the file is {size:N0} bytes, over the {limits.MaxFileBytes:N0} byte limit for one file");
            }
        }

        private HostileArchiveException Hostile(string reason, Exception? inner = null) => new(_currentEntry, reason, inner);
    }
}
