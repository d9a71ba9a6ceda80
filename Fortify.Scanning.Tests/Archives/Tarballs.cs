using System.Formats.Tar;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;

namespace Fortify.Scanning.Tests.Archives;

/// <summary>Builds GitHub-style tarballs (and hostile ones) in memory.</summary>
internal static class Tarballs
{
    public const string Top = "octo-repo-1a2b3c4";

    public static MemoryStream Build(Action<TarWriter> write, bool globalHeader = true)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            if (globalHeader)
            {
                tar.WriteEntry(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = new string('f', 40) }));
            }

            write(tar);
        }

        output.Position = 0;
        return output;
    }

    public static void File(this TarWriter tar, string name, string content) =>
        tar.File(name, Encoding.UTF8.GetBytes(content));

    public static void File(this TarWriter tar, string name, byte[] content) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });

    public static void Folder(this TarWriter tar, string name) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name));

    public static void Link(this TarWriter tar, TarEntryType type, string name, string target) =>
        tar.WriteEntry(new PaxTarEntry(type, name) { LinkName = target });

    public static void Special(this TarWriter tar, TarEntryType type, string name) =>
        tar.WriteEntry(new PaxTarEntry(type, name));

    /// <summary>
    /// A tarball holding one file of <paramref name="size"/> zero bytes, compressed on the fly as the reader pulls:
    /// neither the file nor the whole compressed archive is ever held in memory. Cancel <paramref name="stop"/> to end
    /// the producer once the reader gave up.
    /// </summary>
    public static (Stream Stream, Task Producer) ZeroBomb(long size, CancellationToken stop)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        var producer = Task.Run(async () =>
        {
            try
            {
                await using var output = pipe.Writer.AsStream();
                await using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
                await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, Top + "/zeros.bin") { DataStream = new ZeroStream(size, stop) }, stop);
            }
            catch (OperationCanceledException)
            {
            }
            catch (InvalidOperationException)
            {
                // The reader completed the pipe.
            }
        }, CancellationToken.None);
        return (pipe.Reader.AsStream(), producer);
    }

    /// <summary>A seekable stream of zeros (TarWriter needs the length up front).</summary>
    private sealed class ZeroStream(long length, CancellationToken stop) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            stop.ThrowIfCancellationRequested();
            var count = (int)Math.Min(buffer.Length, length - Position);
            buffer[..count].Clear();
            Position += count;
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
