using System.Globalization;
using System.Text;

namespace Fortify.Scanning.Archives;

/// <summary>
/// Sits between the decompressed tar stream and <see cref="System.Formats.Tar.TarReader"/>, following the 512-byte
/// header blocks as the reader will, and refuses a metadata entry (a GNU long name or long link name, a PAX extended
/// or global header) that declares more than the limit before the reader sees its header: the reader reads such an
/// entry's data into one buffer of the declared size, before any other limit sees the entry.
/// </summary>
/// <remarks>
/// To know where the next header starts the guard must agree with the reader on every entry's data length. That is
/// the header's size field, unless a PAX extended header before it carries a <c>size</c> record. Whatever the guard
/// cannot read the way the reader would (an odd number field, a malformed or doubled PAX size record, metadata entries
/// in an order the reader may treat differently) is refused rather than guessed at; real tarballs never hold them.
/// </remarks>
internal sealed class TarMetadataGuard(Stream inner, int maxMetadataBytes) : Stream
{
    private const int BlockSize = 512;
    private const int SizeOffset = 124;
    private const int SizeLength = 12;
    private const int ChecksumOffset = 148;
    private const int ChecksumLength = 8;
    private const int TypeOffset = 156;

    private readonly byte[] _header = new byte[BlockSize];
    private int _headerFill;

    // Data and padding of the current entry, still to pass before the next header.
    private long _dataLeft;

    // The data of a PAX extended header, kept (it is within the limit) to read its size record.
    private byte[]? _pax;
    private int _paxFill;

    // The size record of the PAX extended header just read: the next entry's data length.
    private long? _sizeOverride;

    // The metadata entries read since the last ordinary entry.
    private Metadata _pending;

    [Flags]
    private enum Metadata
    {
        None = 0,
        LongName = 1,
        LongLink = 2,
        Extended = 4,
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Inspect(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        // Throwing here, before the bytes are returned, means the reader never holds a refused header whole.
        Inspect(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Inspect(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_dataLeft > 0)
            {
                var take = (int)Math.Min(_dataLeft, bytes.Length);
                KeepPaxData(bytes[..take]);
                _dataLeft -= take;
                bytes = bytes[take..];
                continue;
            }

            var fill = Math.Min(BlockSize - _headerFill, bytes.Length);
            bytes[..fill].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += fill;
            bytes = bytes[fill..];
            if (_headerFill == BlockSize)
            {
                _headerFill = 0;
                OnHeader(_header);
            }
        }
    }

    private void OnHeader(ReadOnlySpan<byte> header)
    {
        var checksum = header.Slice(ChecksumOffset, ChecksumLength);
        // The reader stops at a block without a checksum (the end-of-archive blocks); what follows is never parsed.
        if (!checksum.ContainsAnyExcept((byte)0) || ParseOctal(checksum, "checksum") == 0)
        {
            _pending = Metadata.None;
            _sizeOverride = null;
            return;
        }

        var type = (char)header[TypeOffset];
        var size = _sizeOverride ?? ParseSize(header.Slice(SizeOffset, SizeLength));
        _sizeOverride = null;
        var metadata = type switch
        {
            'L' => Metadata.LongName,
            'K' => Metadata.LongLink,
            'x' => Metadata.Extended,
            _ => Metadata.None,
        };

        CheckOrder(type, metadata);
        if ((metadata != Metadata.None || type == 'g') && size > maxMetadataBytes)
        {
            throw Hostile(string.Create(CultureInfo.InvariantCulture,
                $"a {Describe(type)} declares {size:N0} bytes, over the {maxMetadataBytes:N0} byte limit for tar metadata"));
        }

        _pending = metadata == Metadata.None ? Metadata.None : _pending | metadata;
        // Within the limit by now, so keeping it is cheap.
        _pax = type == 'x' ? new byte[(int)size] : null;
        _paxFill = 0;
        var padding = (BlockSize - (size % BlockSize)) % BlockSize;
        // A size near long's end is refused by the extractor (or runs into the stream limits) long before it ends.
        _dataLeft = size <= long.MaxValue - padding ? size + padding : long.MaxValue;
    }

    /// <summary>
    /// The orders the reader handles by one rule everywhere: a PAX extended header before an ordinary entry, and a GNU
    /// long name and long link name (one of each at most) before an ordinary entry. Any other order is refused.
    /// </summary>
    private void CheckOrder(char type, Metadata metadata)
    {
        var isMetadata = metadata != Metadata.None || type == 'g';
        if (_pending.HasFlag(Metadata.Extended) && isMetadata)
        {
            throw Hostile($"a {Describe(type)} follows a PAX extended header");
        }

        if (_pending != Metadata.None && (type is 'g' or 'x' || (_pending & metadata) != 0))
        {
            throw Hostile($"a {Describe(type)} follows a GNU long name or long link name header");
        }
    }

    private void KeepPaxData(ReadOnlySpan<byte> bytes)
    {
        if (_pax is null || _paxFill == _pax.Length)
        {
            return;
        }

        var take = Math.Min(_pax.Length - _paxFill, bytes.Length);
        bytes[..take].CopyTo(_pax.AsSpan(_paxFill));
        _paxFill += take;
        if (_paxFill == _pax.Length)
        {
            _sizeOverride = PaxSize(_pax);
            _pax = null;
        }
    }

    /// <summary>
    /// The <c>size</c> record of a PAX extended header, read as the reader reads it: records of
    /// <c>"LENGTH key=value\n"</c>, LENGTH counting the whole record; an empty value leaves the header's size.
    /// </summary>
    private long? PaxSize(ReadOnlySpan<byte> data)
    {
        string? size = null;
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var line = newline < 0 ? data : data[..newline];
            var space = line.IndexOf((byte)' ');
            var equals = space < 0 ? -1 : line[(space + 1)..].IndexOf((byte)'=');
            if (newline < 0 || space < 0 || equals < 0
                || !int.TryParse(line[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length != newline + 1)
            {
                throw Hostile("a PAX extended header holds a malformed record");
            }

            var record = line[(space + 1)..];
            if (record[..equals].SequenceEqual("size"u8))
            {
                if (size is not null)
                {
                    throw Hostile("a PAX extended header holds two size records");
                }

                size = Encoding.UTF8.GetString(record[(equals + 1)..]);
            }

            data = data[(newline + 1)..];
        }

        if (string.IsNullOrEmpty(size))
        {
            return null;
        }

        return long.TryParse(size, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw Hostile($"a PAX extended header's size record '{size}' is not a size");
    }

    /// <summary>A header's size: octal, or GNU's base-256 for large sizes (a leading 0x80 byte).</summary>
    private static long ParseSize(ReadOnlySpan<byte> field)
    {
        if (field[0] != 0x80)
        {
            return ParseOctal(field, "size");
        }

        // Big-endian in the remaining 11 bytes; a value past a long (or a negative one, 0xFF) is no size.
        var digits = field[1..];
        if (digits[..3].ContainsAnyExcept((byte)0) || (digits[3] & 0x80) != 0)
        {
            throw Hostile("a tar header's size field is out of range");
        }

        return System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(digits[3..]);
    }

    /// <summary>
    /// Octal digits, with spaces before and NULs or spaces after. The reader accepts a little more, in ways that
    /// changed between versions; a field it might read otherwise than this is refused.
    /// </summary>
    private static long ParseOctal(ReadOnlySpan<byte> field, string name)
    {
        var digits = field.TrimEnd("\0 "u8).TrimStart((byte)' ');
        var value = 0L;
        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'7' || value > (long.MaxValue >> 3))
            {
                throw Hostile($"a tar header's {name} field is not an octal number");
            }

            value = (value << 3) | (long)(digit - '0');
        }

        return value;
    }

    private static string Describe(char type) => type switch
    {
        'L' => "GNU long name",
        'K' => "GNU long link name",
        'x' => "PAX extended header",
        'g' => "PAX global header",
        _ => $"'{type}' entry",
    };

    private static HostileArchiveException Hostile(string reason) => new(reason);
}
