using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Fortify.Scanning.Tests.Archives;

/// <summary>
/// Tar bytes written block by block, for headers <see cref="System.Formats.Tar.TarWriter"/> would never write: a
/// metadata entry declaring far more data than follows, or a PAX size record that disagrees with its header.
/// </summary>
internal sealed class RawTar
{
    private const int Block = 512;
    private readonly MemoryStream _tar = new();

    /// <summary>One header declaring <paramref name="size"/> bytes, then <paramref name="data"/> padded to a block.</summary>
    public RawTar Entry(char type, string name, long size, byte[]? data = null)
    {
        var header = new byte[Block];
        Field(header, 0, 100, name);
        Field(header, 100, 8, "0000644");
        Field(header, 108, 8, "0000000");
        Field(header, 116, 8, "0000000");
        Field(header, 124, 12, Convert.ToString(size, 8).PadLeft(11, '0'));
        Field(header, 136, 12, "00000000000");
        header[156] = (byte)type;
        // GNU's magic for its own entries, POSIX's for the rest, as GNU tar and git archive write them.
        Field(header, 257, 8, type is 'L' or 'K' or 'S' ? "ustar  " : "ustar\u000000");
        header.AsSpan(148, 8).Fill((byte)' ');
        var checksum = header.Sum(b => b);
        Field(header, 148, 8, Convert.ToString(checksum, 8).PadLeft(6, '0') + "\0 ");
        _tar.Write(header);
        if (data is { Length: > 0 })
        {
            _tar.Write(data);
            _tar.Write(new byte[(Block - (data.Length % Block)) % Block]);
        }

        return this;
    }

    /// <summary>A PAX header ('x' or 'g') whose data holds <paramref name="records"/> and whose size says so.</summary>
    public RawTar Pax(char type, params (string Key, string Value)[] records)
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(records.Select(r => Record(r.Key, r.Value))));
        return Entry(type, "PaxHeaders/entry", data.Length, data);
    }

    public RawTar File(string name, string content)
    {
        var data = Encoding.UTF8.GetBytes(content);
        return Entry('0', name, data.Length, data);
    }

    /// <summary>The archive so far, closed with the two zero blocks and gzip-compressed.</summary>
    public MemoryStream Gzip()
    {
        _tar.Write(new byte[2 * Block]);
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(_tar.ToArray());
        }

        output.Position = 0;
        return output;
    }

    /// <summary>"LENGTH key=value\n", where LENGTH counts the whole record, itself included.</summary>
    private static string Record(string key, string value)
    {
        var rest = $" {key}={value}\n";
        var length = Encoding.UTF8.GetByteCount(rest) + 1;
        while (length.ToString(CultureInfo.InvariantCulture).Length + Encoding.UTF8.GetByteCount(rest) != length)
        {
            length++;
        }

        return length.ToString(CultureInfo.InvariantCulture) + rest;
    }

    private static void Field(byte[] header, int offset, int length, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        bytes.AsSpan(0, Math.Min(bytes.Length, length)).CopyTo(header.AsSpan(offset, length));
    }
}
