namespace Fortify.Scanning;

/// <summary>Findings that were merged into one: the kept finding and every finding it stands for.</summary>
/// <param name="Primary">The finding kept: the highest severity (ties: one with a secret hash, then the first).</param>
/// <param name="Merged">Every finding of the group, the primary included, in input order.</param>
public sealed record FindingGroup(Finding Primary, IReadOnlyList<Finding> Merged)
{
    /// <summary>The names of the scanners that reported the group, in order of first report.</summary>
    public IReadOnlyList<string> Scanners => [.. Merged.Select(f => f.Scanner).Distinct(StringComparer.Ordinal)];
}

/// <summary>
/// Merges findings of several scanners that report the same problem. Two findings are the same when they have the
/// same fingerprint (same rule, file and line text) and are on the same line or come from different scanners, or
/// when they are in the same file on the same line, in the same category (<see cref="FindingCategories.Of"/>) and
/// their column ranges overlap (different scanners with an unknown range count as overlapping). The merged finding
/// keeps the highest severity.
/// </summary>
public static class FindingDeduplicator
{
    /// <summary>One finding per distinct problem, in input order of each group's first finding.</summary>
    public static IReadOnlyList<Finding> Deduplicate(IEnumerable<Finding> findings) =>
        [.. Group(findings).Select(group => group.Primary)];

    /// <summary>The groups of findings that report the same problem.</summary>
    public static IReadOnlyList<FindingGroup> Group(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var items = findings.ToList();
        var parent = Enumerable.Range(0, items.Count).ToArray();

        // Same fingerprint: merge exact repeats (same line) and the same rule reported by different scanners.
        foreach (var sameFingerprint in Enumerable.Range(0, items.Count).GroupBy(i => items[i].Fingerprint, StringComparer.Ordinal))
        {
            var members = sameFingerprint.ToList();
            for (var a = 0; a < members.Count; a++)
            {
                for (var b = a + 1; b < members.Count; b++)
                {
                    var x = items[members[a]];
                    var y = items[members[b]];
                    if (x.Line == y.Line || !string.Equals(x.Scanner, y.Scanner, StringComparison.Ordinal))
                    {
                        Union(parent, members[a], members[b]);
                    }
                }
            }
        }

        // Same place, same kind of problem.
        var byPlace = Enumerable.Range(0, items.Count)
            .GroupBy(i => (items[i].Path, items[i].Line, FindingCategories.Of(items[i])));
        foreach (var place in byPlace)
        {
            var members = place.ToList();
            for (var a = 0; a < members.Count; a++)
            {
                for (var b = a + 1; b < members.Count; b++)
                {
                    if (Overlap(items[members[a]], items[members[b]]))
                    {
                        Union(parent, members[a], members[b]);
                    }
                }
            }
        }

        var groups = new Dictionary<int, List<Finding>>();
        var order = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            var root = Find(parent, i);
            if (!groups.TryGetValue(root, out var list))
            {
                groups[root] = list = [];
                order.Add(root);
            }

            list.Add(items[i]);
        }

        return [.. order.Select(root => new FindingGroup(PickPrimary(groups[root]), groups[root]))];
    }

    private static bool Overlap(Finding x, Finding y)
    {
        var xKnown = x.EndColumn > x.Column;
        var yKnown = y.EndColumn > y.Column;
        if (xKnown && yKnown)
        {
            return x.Column < y.EndColumn && y.Column < x.EndColumn;
        }

        // Without a range only the start column can say "same place"; another tool may not report columns at all.
        return x.Column == y.Column || !string.Equals(x.Scanner, y.Scanner, StringComparison.Ordinal);
    }

    private static Finding PickPrimary(List<Finding> members)
    {
        var best = members[0];
        foreach (var candidate in members.Skip(1))
        {
            if (candidate.Severity > best.Severity || (candidate.Severity == best.Severity && best.SecretHash is null && candidate.SecretHash is not null))
            {
                best = candidate;
            }
        }

        return best;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra != rb)
        {
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }
}
