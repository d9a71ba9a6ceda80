namespace Fortify.Scanning.Archives;

/// <summary>What <see cref="SafeTarballExtractor"/> wrote.</summary>
/// <param name="TopFolder">The stripped top folder, e.g. <c>octo-repo-1a2b3c4</c>; empty when the archive had no entries.</param>
/// <param name="FilesWritten">Regular files written.</param>
/// <param name="BytesWritten">Bytes of file content written.</param>
/// <param name="Skipped">Entries not written (in-tree links, unsupported types), with the reason.</param>
public sealed record ExtractionResult(string TopFolder, int FilesWritten, long BytesWritten, IReadOnlyList<SkippedEntry> Skipped);

/// <summary>An archive entry that was read but not written.</summary>
/// <param name="Path">Its path relative to the destination, forward slashes.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record SkippedEntry(string Path, string Reason);
