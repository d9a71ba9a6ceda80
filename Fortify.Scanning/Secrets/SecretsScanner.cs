using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Fortify.Scanning.Secrets;

/// <summary>
/// Finds hard-coded secrets: provider tokens (GitHub, AWS, Azure, Google, Slack, Stripe, npm, PyPI), private keys,
/// JWTs, passwords in URLs and connection strings, and high-entropy values assigned to secret-like names.
/// </summary>
/// <remarks>
/// Built for speed: one vectorised multi-string search (<see cref="SearchValues{T}"/> over every rule's keywords)
/// runs over the whole file and jumps from keyword to keyword, so lines without one never meet a regex; the regexes
/// (source-generated) only run, per rule, on lines where that rule's keyword occurs. Findings carry the secret's
/// SHA-256 and a masked preview, never the secret itself. A line containing <c>fortify:ignore</c> reports nothing.
/// </remarks>
public sealed class SecretsScanner : IScanner, IRuleCatalog
{
    /// <summary>The default <see cref="Name"/>.</summary>
    public const string DefaultName = "fortify-secrets";

    /// <summary>The inline marker that silences every finding on its line.</summary>
    public const string IgnoreMarker = "fortify:ignore";

    /// <summary>A NUL byte within this many leading bytes marks a file as binary.</summary>
    public const int BinaryProbeBytes = 8192;

    /// <summary>Lines longer than this are matched in windows around each keyword instead of whole.</summary>
    private const int LongLine = 4096;

    private const int WindowBefore = 320;
    private const int WindowAfter = 2048;
    private const int MaxPreviewLength = 200;

    private readonly SecretRule[] _rules;
    private readonly SecretsScannerSettings _settings;
    private readonly SearchValues<string> _keywords;
    private readonly Keyword[][] _keywordsByFirstChar;
    private readonly RuleDescriptor[] _descriptors;
    private readonly ulong _anchoredRules;

    /// <summary>Creates a scanner with the built-in rules.</summary>
    public SecretsScanner(SecretsScannerOptions? options = null)
    {
        _settings = new SecretsScannerSettings(options ?? new SecretsScannerOptions());
        _rules = SecretRules.Create();

        var masks = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var rule in _rules)
        {
            foreach (var keyword in rule.Keywords)
            {
                masks[keyword] = masks.GetValueOrDefault(keyword) | (1UL << rule.Priority);
            }
        }

        _anchoredRules = _rules.Where(rule => rule.Anchored).Aggregate(0UL, (mask, rule) => mask | (1UL << rule.Priority));
        _keywords = SearchValues.Create([.. masks.Keys], StringComparison.OrdinalIgnoreCase);
        _keywordsByFirstChar = new Keyword[128][];
        for (var c = 0; c < 128; c++)
        {
            _keywordsByFirstChar[c] = [.. masks
                .Where(pair => char.ToLowerInvariant(pair.Key[0]) == char.ToLowerInvariant((char)c))
                .Select(pair => new Keyword(pair.Key, pair.Value))];
        }

        _descriptors = [.. _rules.DistinctBy(rule => rule.Id).Select(rule => rule.ToDescriptor())];
    }

    /// <inheritdoc />
    public string Name => _settings.Options.Name;

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules => _descriptors;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> ScanAsync(ScanInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var root = input.RootPath;
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The scan root '{root}' does not exist.");
        }

        var files = input.Paths is null ? EnumerateFiles(root) : ResolveFiles(root, input.Paths);
        var all = new List<Finding>();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = _settings.Options.MaxDegreeOfParallelism,
            CancellationToken = ct,
        };

        await Parallel.ForEachAsync(files, parallel, async (file, token) =>
        {
            var findings = await ScanFileAsync(file.FullPath, file.RelativePath, input.AddedLinesFor(file.RelativePath), token);
            if (findings.Count > 0)
            {
                lock (all)
                {
                    all.AddRange(findings);
                }
            }
        });

        all.Sort(FindingOrder.Instance);
        return all;
    }

    /// <summary>
    /// Scans one file on disk. Files over the size limit, binary files and symbolic links yield no findings.
    /// </summary>
    public async Task<IReadOnlyList<Finding>> ScanFileAsync(
        string fullPath,
        string relativePath,
        IReadOnlySet<int>? addedLines,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        var info = new FileInfo(fullPath);
        if (!info.Exists || info.LinkTarget is not null || info.Length == 0 || info.Length > _settings.Options.MaxFileSizeBytes)
        {
            return [];
        }

        using var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var length = RandomAccess.GetLength(handle);
        if (length == 0 || length > _settings.Options.MaxFileSizeBytes)
        {
            return [];
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            while (read < length)
            {
                var count = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read, (int)length - read), read, ct);
                if (count == 0)
                {
                    break;
                }

                read += count;
            }

            return ScanBytes(relativePath, buffer.AsSpan(0, read), addedLines);
        }
        finally
        {
            // The buffer held the file's secrets: wipe it before other code rents it.
            buffer.AsSpan(0, (int)length).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Scans a file's bytes (UTF-8, with or without BOM). Binary content (a NUL byte in the first
    /// <see cref="BinaryProbeBytes"/>) and content over the size limit yield no findings.
    /// </summary>
    public IReadOnlyList<Finding> ScanBytes(string relativePath, ReadOnlySpan<byte> content, IReadOnlySet<int>? addedLines = null)
    {
        if (content.IsEmpty || content.Length > _settings.Options.MaxFileSizeBytes || IsBinary(content))
        {
            return [];
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            content = content[3..];
        }

        return ScanText(relativePath, Encoding.UTF8.GetString(content), addedLines);
    }

    /// <summary>Scans text already in memory. <paramref name="addedLines"/>, when given, keeps only those lines.</summary>
    public IReadOnlyList<Finding> ScanText(string relativePath, string content, IReadOnlySet<int>? addedLines = null)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentNullException.ThrowIfNull(content);
        var path = PathNames.Normalize(relativePath);
        List<Finding>? findings = null;
        ScanCore(path, content, addedLines, ref findings);
        return findings ?? (IReadOnlyList<Finding>)[];
    }

    /// <summary>Whether the content is binary: a NUL byte within the first <see cref="BinaryProbeBytes"/> bytes.</summary>
    public static bool IsBinary(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, BinaryProbeBytes)].Contains((byte)0);

    private void ScanCore(string path, string text, IReadOnlySet<int>? addedLines, ref List<Finding>? findings)
    {
        var span = text.AsSpan();
        var position = 0;
        var lineNumber = 1;
        var counted = 0;
        List<Candidate>? candidates = null;
        while (position < span.Length)
        {
            var relative = span[position..].IndexOfAny(_keywords);
            if (relative < 0)
            {
                break;
            }

            var hit = position + relative;
            var lineStart = position + span[position..hit].LastIndexOf('\n') + 1;
            lineNumber += span[counted..lineStart].Count('\n');
            counted = lineStart;
            var newline = span[hit..].IndexOf('\n');
            var lineBreak = newline < 0 ? span.Length : hit + newline;
            var lineEnd = lineBreak > lineStart && span[lineBreak - 1] == '\r' ? lineBreak - 1 : lineBreak;
            position = lineBreak + 1;

            if (addedLines is not null && !addedLines.Contains(lineNumber))
            {
                continue;
            }

            candidates ??= [];
            candidates.Clear();
            MatchLine(text, lineStart, lineEnd, hit, candidates);
            if (candidates.Count > 0)
            {
                Report(path, text, lineStart, lineEnd, lineNumber, candidates, ref findings);
            }
        }
    }

    /// <summary>
    /// Runs, on one line, the rules whose keywords occur in it: anchored rules at each occurrence of their keyword,
    /// the others over the line (or, for a long line, over windows around the occurrences).
    /// </summary>
    private void MatchLine(string text, int lineStart, int lineEnd, int firstHit, List<Candidate> candidates)
    {
        var line = text.AsSpan(lineStart, lineEnd - lineStart);
        var longLine = line.Length > LongLine;
        var lineMask = 0UL;
        var windowStart = -1;
        var windowEnd = -1;
        var windowMask = 0UL;

        // Per rule, where its last match on this line ended: like Regex.NextMatch, a rule does not look for a new
        // match inside its previous one (which also keeps "key=key=key=..." lines linear).
        Span<int> matchedUpTo = stackalloc int[_rules.Length];
        matchedUpTo.Clear();
        for (var at = firstHit - lineStart; at >= 0;)
        {
            var mask = KeywordMaskAt(line[at..]);
            var anchored = mask & _anchoredRules;
            while (anchored != 0)
            {
                var index = System.Numerics.BitOperations.TrailingZeroCount(anchored);
                anchored &= anchored - 1;
                if (at < matchedUpTo[index])
                {
                    continue;
                }

                var match = _rules[index].Regex.Match(text, lineStart + at);
                if (match.Success)
                {
                    matchedUpTo[index] = match.Index + match.Length - lineStart;
                    Accept(_rules[index], match, text, lineStart, lineEnd, candidates);
                }
            }

            var unanchored = mask & ~_anchoredRules;
            if (unanchored != 0)
            {
                if (!longLine)
                {
                    lineMask |= unanchored;
                }
                else
                {
                    // A long line (minified code, embedded data): match in windows around each keyword.
                    var start = lineStart + Math.Max(0, at - WindowBefore);
                    var end = lineStart + Math.Min(line.Length, at + WindowAfter);
                    if (windowStart >= 0 && start <= windowEnd)
                    {
                        windowEnd = Math.Max(windowEnd, end);
                        windowMask |= unanchored;
                    }
                    else
                    {
                        if (windowStart >= 0)
                        {
                            RunRules(text, lineStart, lineEnd, windowStart, windowEnd, windowMask, candidates);
                        }

                        (windowStart, windowEnd, windowMask) = (start, end, unanchored);
                    }
                }
            }

            var next = line[(at + 1)..].IndexOfAny(_keywords);
            at = next < 0 ? -1 : at + 1 + next;
        }

        if (lineMask != 0)
        {
            RunRules(text, lineStart, lineEnd, lineStart, lineEnd, lineMask, candidates);
        }

        if (windowStart >= 0)
        {
            RunRules(text, lineStart, lineEnd, windowStart, windowEnd, windowMask, candidates);
        }
    }

    private ulong KeywordMaskAt(ReadOnlySpan<char> at)
    {
        var first = at[0];
        if (first >= 128)
        {
            return 0;
        }

        var mask = 0UL;
        foreach (var keyword in _keywordsByFirstChar[first])
        {
            if (at.StartsWith(keyword.Text, StringComparison.OrdinalIgnoreCase))
            {
                mask |= keyword.Rules;
            }
        }

        return mask;
    }

    /// <summary>Runs unanchored rules over <c>[start, end)</c> of the text.</summary>
    private void RunRules(string text, int lineStart, int lineEnd, int start, int end, ulong mask, List<Candidate> candidates)
    {
        while (mask != 0)
        {
            var index = System.Numerics.BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            var rule = _rules[index];
            for (var match = rule.Regex.Match(text, start, end - start); match.Success; match = match.NextMatch())
            {
                Accept(rule, match, text, lineStart, lineEnd, candidates);
            }
        }
    }

    /// <summary>Validates a match and keeps it as a candidate (one per rule and place).</summary>
    private void Accept(SecretRule rule, Match match, string text, int lineStart, int lineEnd, List<Candidate> candidates)
    {
        var group = SecretGroup(match);
        var candidate = new SecretMatch
        {
            Text = text,
            LineStart = lineStart,
            LineEnd = lineEnd,
            Match = match,
            SecretStart = group.Index,
            SecretEnd = group.Index + group.Length,
            Settings = _settings,
        };

        if (candidate.SecretEnd > lineEnd && rule.Anchored)
        {
            return;
        }

        if (rule.Validator is null || rule.Validator(ref candidate))
        {
            var found = new Candidate(rule, candidate.SecretStart, candidate.SecretEnd);
            if (!candidates.Exists(c => c.Rule.Id == found.Rule.Id && c.Start == found.Start))
            {
                candidates.Add(found);
            }
        }
    }

    /// <summary>The secret: group <c>s</c>, else <c>u</c> (an unquoted value), else the whole match.</summary>
    private static Group SecretGroup(Match match)
    {
        var secret = match.Groups["s"];
        if (secret.Success)
        {
            return secret;
        }

        var unquoted = match.Groups["u"];
        return unquoted.Success ? unquoted : match;
    }

    private void Report(string path, string text, int lineStart, int lineEnd, int lineNumber, List<Candidate> candidates, ref List<Finding>? findings)
    {
        var line = text.AsSpan(lineStart, lineEnd - lineStart);
        if (line.Contains(IgnoreMarker, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // Overlapping matches: the more specific (earlier) rule wins.
        candidates.Sort(static (a, b) => a.Rule.Priority != b.Rule.Priority
            ? a.Rule.Priority.CompareTo(b.Rule.Priority)
            : a.Start.CompareTo(b.Start));
        var accepted = new List<Candidate>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var end = Math.Min(candidate.End, lineEnd);
            if (!accepted.Exists(a => candidate.Start < Math.Min(a.End, lineEnd) && a.Start < end))
            {
                accepted.Add(candidate);
            }
        }

        accepted.Sort(static (a, b) => a.Start.CompareTo(b.Start));

        // The line with every secret masked, and where each masked secret landed in it.
        var masked = new StringBuilder(line.Length + 16);
        var redactions = new string[accepted.Count];
        var offsets = new int[accepted.Count];
        var cursor = lineStart;
        for (var i = 0; i < accepted.Count; i++)
        {
            var candidate = accepted[i];
            redactions[i] = Redaction.Redact(text.AsSpan(candidate.Start, candidate.End - candidate.Start));
            masked.Append(text, cursor, candidate.Start - cursor);
            offsets[i] = masked.Length;
            masked.Append(redactions[i]);
            cursor = Math.Min(candidate.End, lineEnd);
        }

        masked.Append(text, cursor, lineEnd - cursor);
        var maskedLine = masked.ToString();

        string? fingerprintCache = null;
        string? fingerprintRule = null;
        for (var i = 0; i < accepted.Count; i++)
        {
            var candidate = accepted[i];
            var hash = Fingerprints.Sha256Hex(text.AsSpan(candidate.Start, candidate.End - candidate.Start));
            if (_settings.AllowedSecretHashes.Contains(hash))
            {
                continue;
            }

            var rule = candidate.Rule;
            if (!string.Equals(fingerprintRule, rule.Id, StringComparison.Ordinal))
            {
                fingerprintCache = Fingerprints.Compute(rule.Id, path, line);
                fingerprintRule = rule.Id;
            }

            findings ??= [];
            findings.Add(new Finding(
                rule.Id,
                rule.Name,
                rule.Severity,
                path,
                lineNumber,
                candidate.Start - lineStart + 1,
                Math.Min(candidate.End, lineEnd) - lineStart + 1,
                $"{rule.Title} ({redactions[i]})",
                Preview(maskedLine, offsets[i]),
                hash,
                fingerprintCache!,
                Name)
            {
                Category = FindingCategories.Secret,
            });
        }
    }

    /// <summary>The masked line, trimmed; long lines are cut to a window around the finding.</summary>
    private static string Preview(string maskedLine, int focus)
    {
        var trimmedStart = maskedLine.Length - maskedLine.AsSpan().TrimStart().Length;
        var trimmed = maskedLine.AsSpan().Trim();
        if (trimmed.Length <= MaxPreviewLength)
        {
            return trimmed.ToString();
        }

        var start = Math.Clamp(focus - trimmedStart - (MaxPreviewLength / 3), 0, trimmed.Length - MaxPreviewLength);
        var window = trimmed.Slice(start, MaxPreviewLength);
        return string.Concat(start > 0 ? "…" : "", window, start + MaxPreviewLength < trimmed.Length ? "…" : "");
    }

    private IEnumerable<ScanFile> EnumerateFiles(string root)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            ReturnSpecialDirectories = false,
        };

        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(directory, "*", options))
            {
                yield return new ScanFile(file, PathNames.Relative(root, file));
            }

            foreach (var child in Directory.EnumerateDirectories(directory, "*", options))
            {
                if (!_settings.ExcludedDirectories.Contains(Path.GetFileName(child)))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static IEnumerable<ScanFile> ResolveFiles(string root, IEnumerable<string> paths)
    {
        foreach (var path in paths.Select(PathNames.Normalize).Distinct(StringComparer.Ordinal))
        {
            var full = PathNames.ResolveUnder(root, path);
            if (full is not null && File.Exists(full) && !CrossesLink(root, full))
            {
                yield return new ScanFile(full, path);
            }
        }
    }

    /// <summary>Whether a folder between the root and the file is a link (which could lead out of the root).</summary>
    private static bool CrossesLink(string root, string full)
    {
        for (var directory = Path.GetDirectoryName(full); directory is not null && directory.Length > root.Length; directory = Path.GetDirectoryName(directory))
        {
            if (new DirectoryInfo(directory).LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct Keyword(string Text, ulong Rules);

    private readonly record struct Candidate(SecretRule Rule, int Start, int End);

    private readonly record struct ScanFile(string FullPath, string RelativePath);
}

/// <summary>Orders findings by path, line, column and rule.</summary>
internal sealed class FindingOrder : IComparer<Finding>
{
    public static readonly FindingOrder Instance = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var order = string.CompareOrdinal(x.Path, y.Path);
        if (order == 0)
        {
            order = x.Line.CompareTo(y.Line);
        }

        if (order == 0)
        {
            order = x.Column.CompareTo(y.Column);
        }

        return order != 0 ? order : string.CompareOrdinal(x.RuleId, y.RuleId);
    }
}
