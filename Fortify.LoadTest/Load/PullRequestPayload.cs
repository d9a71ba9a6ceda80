using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Fortify.LoadTest.Load;

/// <summary>
/// Writes GitHub <c>pull_request</c> "synchronize" deliveries of about a given size, from GitHub's own payload so
/// the server reads them exactly as it reads real ones. Every body is distinct: its own head SHA, and PR numbers
/// spread over <see cref="RepositoryCount"/> repositories, so the server cannot fold deliveries into one scan job.
/// One instance per sender; it is not thread-safe.
/// </summary>
internal sealed class PullRequestPayload
{
    public const int RepositoryCount = 500;

    private const string Owner = "fortify-bench";

    // Plain ASCII without characters the JSON writer escapes, so the filler length is the byte count.
    private const string FillerSentence =
        "This change refactors the request pipeline, tightens input validation and adds regression tests. ";

    private static readonly JsonNode Template = JsonNode.Parse(ReadTemplate())!;
    private readonly string _filler;

    public PullRequestPayload(int targetSize)
    {
        _filler = "";
        var overhead = Write(sequence: (RepositoryCount * 1000) - 1).Length;
        _filler = MakeFiller(Math.Max(0, targetSize - overhead));
    }

    /// <summary>The body for delivery number <paramref name="sequence"/>, as bytes to sign and send.</summary>
    public byte[] Write(long sequence)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"repo-{sequence % RepositoryCount}");
        var number = (sequence / RepositoryCount) + 1;
        var headSha = RandomNumberGenerator.GetHexString(40, lowercase: true);

        var delivery = Template.DeepClone();
        delivery["number"] = number;
        var pullRequest = delivery["pull_request"]!;
        pullRequest["number"] = number;
        pullRequest["draft"] = false;
        pullRequest["body"] = _filler;
        pullRequest["head"]!["sha"] = headSha;
        pullRequest["head"]!["ref"] = string.Create(CultureInfo.InvariantCulture, $"bench/change-{number}");
        foreach (var repository in new[] { delivery["repository"]!, pullRequest["head"]!["repo"]!, pullRequest["base"]!["repo"]! })
        {
            repository["name"] = name;
            repository["full_name"] = $"{Owner}/{name}";
            repository["owner"]!["login"] = Owner;
        }

        return Encoding.UTF8.GetBytes(delivery.ToJsonString());
    }

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
}
