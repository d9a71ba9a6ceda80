using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Fortify.Scanning;

/// <summary>
/// Stable finding identity. The fingerprint hashes the rule id, the path and the line's text with surrounding
/// white space trimmed and inner runs of white space collapsed to one space. It never includes the line number, so a
/// finding keeps its fingerprint when lines are inserted above it or the file is re-indented.
/// </summary>
public static class Fingerprints
{
    /// <summary>Lower-case SHA-256 hex of <c>ruleId \0 path \0 normalised line</c>.</summary>
    public static string Compute(string ruleId, string path, ReadOnlySpan<char> lineContent)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        ArgumentNullException.ThrowIfNull(path);
        var normalized = NormalizeLine(lineContent);
        var text = string.Concat(ruleId, "\0", PathNames.Normalize(path), "\0", normalized);
        return Sha256Hex(text);
    }

    /// <summary>Trims the line and collapses every run of white space into one space.</summary>
    public static string NormalizeLine(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        if (line.IndexOfAny(WhiteSpace) < 0)
        {
            return line.ToString();
        }

        var builder = new StringBuilder(line.Length);
        var inSpace = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!inSpace)
                {
                    builder.Append(' ');
                    inSpace = true;
                }
            }
            else
            {
                builder.Append(c);
                inSpace = false;
            }
        }

        return builder.ToString();
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<char> text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = max <= 1024 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var count = Encoding.UTF8.GetBytes(text, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..count], hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented);
                ArrayPool<byte>.Shared.Return(rented);
            }
            else
            {
                CryptographicOperations.ZeroMemory(buffer);
            }
        }
    }

    private static readonly SearchValues<char> WhiteSpace = SearchValues.Create(" \t\r\n\v\f\u00a0");
}
