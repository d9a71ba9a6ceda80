using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fortify.LoadTest.Load;

/// <summary>
/// Writes GitHub <c>pull_request</c> "synchronize" deliveries of a given size, from GitHub's own payload so the
/// server reads them as it reads real ones. GitHub's example is 23.7 KB, most of it API links (<c>url</c> and every
/// <c>*_url</c>). For a smaller size the links' values are emptied: the webhook models require every link, but
/// nothing here reads one. The pull request's body is then filled to reach the size asked for. Every body is distinct: its own head SHA, and PR numbers
/// spread over <see cref="RepositoryCount"/> repositories, so the server cannot fold deliveries into one scan job.
/// </summary>
/// <remarks>
/// The JSON is written once, with markers where the values change; each delivery only splices its values in. The
/// generator shares the machine with the service it measures, so every microsecond it spends is taken from the
/// service: rebuilding the JSON tree per delivery cost about 0.5 ms, as much as the scan agent's whole intake.
/// </remarks>
internal sealed class PullRequestPayload
{
    public const int RepositoryCount = 500;

    private const string Owner = "fortify-bench";

    // Plain ASCII without characters the JSON writer escapes, so the filler length is the byte count.
    private const string FillerSentence =
        "This change refactors the request pipeline, tightens input validation and adds regression tests. ";

    // The sizes are measured with the longest values a run writes, so no body is larger than asked for.
    private const long LongestSequence = (RepositoryCount * 1000) - 1;

    private readonly IReadOnlyList<Part> _parts;

    public PullRequestPayload(int targetSize)
    {
        var withLinks = Splice(Parts(filler: "", emptyLinks: false), LongestSequence).Length;
        var emptyLinks = targetSize < withLinks;
        var overhead = emptyLinks ? Splice(Parts(filler: "", emptyLinks), LongestSequence).Length : withLinks;
        _parts = Parts(MakeFiller(Math.Max(0, targetSize - overhead)), emptyLinks);
    }

    /// <summary>The body for delivery number <paramref name="sequence"/>, as bytes to sign and send.</summary>
    public byte[] Write(long sequence) => Splice(_parts, sequence);

    private static byte[] Splice(IReadOnlyList<Part> parts, long sequence)
    {
        var number = ((sequence / RepositoryCount) + 1).ToString(CultureInfo.InvariantCulture);
        var values = new Dictionary<Slot, byte[]>
        {
            [Slot.Number] = Encoding.ASCII.GetBytes(number),
            [Slot.Name] = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"repo-{sequence % RepositoryCount}")),
            [Slot.HeadSha] = Encoding.ASCII.GetBytes(RandomNumberGenerator.GetHexString(40, lowercase: true)),
            [Slot.HeadRef] = Encoding.ASCII.GetBytes($"bench/change-{number}"),
        };

        var body = new byte[parts.Sum(p => p.Literal.Length + (p.Slot is { } slot ? values[slot].Length : 0))];
        var at = 0;
        foreach (var part in parts)
        {
            part.Literal.CopyTo(body, at);
            at += part.Literal.Length;
            if (part.Slot is { } slot)
            {
                values[slot].CopyTo(body, at);
                at += values[slot].Length;
            }
        }

        return body;
    }

    /// <summary>GitHub's payload with the given filler as the PR body, cut at the values each delivery changes.</summary>
    private static List<Part> Parts(string filler, bool emptyLinks)
    {
        var delivery = JsonNode.Parse(ReadTemplate())!;
        if (emptyLinks)
        {
            EmptyApiLinks(delivery);
        }

        delivery["number"] = Marker(Slot.Number);
        var pullRequest = delivery["pull_request"]!;
        pullRequest["number"] = Marker(Slot.Number);
        pullRequest["draft"] = false;
        pullRequest["body"] = filler;
        pullRequest["head"]!["sha"] = Marker(Slot.HeadSha);
        pullRequest["head"]!["ref"] = Marker(Slot.HeadRef);
        foreach (var repository in new[] { delivery["repository"]!, pullRequest["head"]!["repo"]!, pullRequest["base"]!["repo"]! })
        {
            repository["name"] = Marker(Slot.Name);
            repository["full_name"] = $"{Owner}/{Marker(Slot.Name)}";
            repository["owner"]!["login"] = Owner;
        }

        var json = delivery.ToJsonString();

        // A number's marker is cut with its quotes, so the number is written bare.
        var parts = new List<Part>();
        var start = 0;
        while (NextMarker(json, start) is var (index, length, slot) && index >= 0)
        {
            parts.Add(new Part(Encoding.UTF8.GetBytes(json[start..index]), slot));
            start = index + length;
        }

        parts.Add(new Part(Encoding.UTF8.GetBytes(json[start..]), null));
        return parts;
    }

    /// <summary>The first marker at or after <paramref name="start"/>; index -1 when there is none.</summary>
    private static (int Index, int Length, Slot Slot) NextMarker(string json, int start)
    {
        var first = (Index: -1, Length: 0, Slot: Slot.Number);
        foreach (var slot in Enum.GetValues<Slot>())
        {
            var marker = slot == Slot.Number ? $"\"{Marker(slot)}\"" : Marker(slot);
            var index = json.IndexOf(marker, start, StringComparison.Ordinal);
            if (index >= 0 && (first.Index < 0 || index < first.Index))
            {
                first = (index, marker.Length, slot);
            }
        }

        return first;
    }

    private static void EmptyApiLinks(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject properties:
                foreach (var (name, value) in properties.ToList())
                {
                    if (value is JsonValue link && link.GetValueKind() == JsonValueKind.String && IsApiLink(name))
                    {
                        properties[name] = "";
                    }
                    else
                    {
                        EmptyApiLinks(value);
                    }
                }

                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    EmptyApiLinks(item);
                }

                break;
        }
    }

    private static bool IsApiLink(string name) => name == "url" || name.EndsWith("_url", StringComparison.Ordinal);

    private static string Marker(Slot slot) => $"@@{slot}@@";

    private static string MakeFiller(int length)
    {
        var text = new StringBuilder(length + FillerSentence.Length);
        while (text.Length < length)
        {
            text.Append(FillerSentence);
        }

        return text.ToString(0, length);
    }

    private static string ReadTemplate()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("pull_request.synchronize.json")
            ?? throw new InvalidOperationException("The pull_request template is not embedded.");
        return new StreamReader(stream).ReadToEnd();
    }

    private enum Slot
    {
        Number,
        Name,
        HeadSha,
        HeadRef,
    }

    private sealed record Part(byte[] Literal, Slot? Slot);
}
