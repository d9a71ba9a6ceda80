namespace Fortify.Scanning.Secrets;

/// <summary>Cheap statistics on candidate secret values.</summary>
public static class TextStats
{
    /// <summary>Shannon entropy in bits per character over the characters of <paramref name="value"/>.</summary>
    public static double ShannonEntropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[128];
        counts.Clear();
        foreach (var c in value)
        {
            counts[c < 128 ? c : 127]++;
        }

        double entropy = 0;
        double length = value.Length;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = count / length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    /// <summary>How many of the classes lower case, upper case, digit and other the value uses (0 to 4).</summary>
    public static int CharacterClasses(ReadOnlySpan<char> value)
    {
        bool lower = false, upper = false, digit = false, other = false;
        foreach (var c in value)
        {
            if (char.IsAsciiLetterLower(c))
            {
                lower = true;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                upper = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else
            {
                other = true;
            }
        }

        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    /// <summary>Whether the value holds at least one ASCII digit.</summary>
    public static bool HasDigit(ReadOnlySpan<char> value) => value.IndexOfAnyInRange('0', '9') >= 0;

    /// <summary>Whether every character is a hexadecimal digit.</summary>
    public static bool IsHex(ReadOnlySpan<char> value) => !value.IsEmpty && !value.ContainsAnyExcept(HexChars);

    /// <summary>The length of the longest run of one repeated character.</summary>
    public static int LongestRun(ReadOnlySpan<char> value)
    {
        var longest = 0;
        var run = 0;
        var previous = '\0';
        foreach (var c in value)
        {
            run = c == previous ? run + 1 : 1;
            previous = c;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    /// <summary>How many distinct characters the value uses.</summary>
    public static int DistinctCharacters(ReadOnlySpan<char> value)
    {
        Span<bool> seen = stackalloc bool[128];
        seen.Clear();
        var distinct = 0;
        foreach (var c in value)
        {
            var index = c < 128 ? c : 127;
            if (!seen[index])
            {
                seen[index] = true;
                distinct++;
            }
        }

        return distinct;
    }

    private static readonly System.Buffers.SearchValues<char> HexChars =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
