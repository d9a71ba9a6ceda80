using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Fortify.LoadTest.Load;

/// <summary>
/// Writes GitHub <c>pull_request</c> "synchronize" deliveries of about a given size. Every body is distinct: its
/// own head SHA, and PR numbers spread over <see cref="RepositoryCount"/> repositories, so the server cannot fold
/// deliveries into one scan job. One instance per sender; it is not thread-safe.
/// </summary>
internal sealed class PullRequestPayload
{
    public const int RepositoryCount = 500;

    private const string Owner = "fortify-bench";
    private const long OwnerId = 90_000_001;
    private const long InstallationId = 4_242_424;
    private const long RepositoryIdBase = 700_000_000;
    private const long PullRequestIdBase = 2_000_000_000;
    private const string Timestamp = "2026-01-15T09:30:00Z";

    // Plain ASCII without characters the JSON writer escapes, so the filler length is the byte count.
    private const string FillerSentence =
        "This change refactors the request pipeline, tightens input validation and adds regression tests. ";

    private readonly ArrayBufferWriter<byte> buffer = new();
    private readonly string filler;

    public PullRequestPayload(int targetSize)
    {
        // Sized against a typical run's longest numbers, so bodies land within a few bytes of the target.
        filler = string.Empty;
        var overhead = Write(sequence: (RepositoryCount * 1000) - 1).Length;
        filler = MakeFiller(Math.Max(0, targetSize - overhead));
    }

    /// <summary>The body for delivery number <paramref name="sequence"/>, as bytes to sign and send.</summary>
    public byte[] Write(long sequence)
    {
        var repository = (int)(sequence % RepositoryCount);
        var number = (sequence / RepositoryCount) + 1;
        var headSha = RandomNumberGenerator.GetHexString(40, lowercase: true);
        var baseSha = RandomNumberGenerator.GetHexString(40, lowercase: true);

        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("action", "synchronize");
            json.WriteNumber("number", number);
            json.WriteString("before", baseSha);
            json.WriteString("after", headSha);
            WritePullRequest(json, repository, number, headSha, baseSha);
            json.WritePropertyName("repository");
            WriteRepository(json, repository);
            json.WritePropertyName("sender");
            WriteUser(json, "fortify-bench-bot", OwnerId + 1, "User");
            json.WriteStartObject("installation");
            json.WriteNumber("id", InstallationId);
            json.WriteString("node_id", "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        // A copy rather than the shared buffer: the handler may still hold the content when the answer arrives.
        return buffer.WrittenSpan.ToArray();
    }

    private void WritePullRequest(Utf8JsonWriter json, int repository, long number, string headSha, string baseSha)
    {
        var branch = string.Create(CultureInfo.InvariantCulture, $"bench/change-{number}");
        json.WriteStartObject("pull_request");
        json.WriteString("url", string.Create(CultureInfo.InvariantCulture, $"https://api.github.com/repos/{Owner}/repo-{repository}/pulls/{number}"));
        json.WriteNumber("id", PullRequestIdBase + (number * RepositoryCount) + repository);
        json.WriteNumber("number", number);
        json.WriteString("state", "open");
        json.WriteBoolean("locked", false);
        json.WriteString("title", string.Create(CultureInfo.InvariantCulture, $"Bench change {number}"));
        json.WritePropertyName("user");
        WriteUser(json, "fortify-bench-bot", OwnerId + 1, "User");
        json.WriteString("body", filler);
        json.WriteString("created_at", Timestamp);
        json.WriteString("updated_at", Timestamp);
        json.WriteBoolean("draft", false);
        json.WriteBoolean("merged", false);
        json.WriteStartObject("head");
        json.WriteString("label", $"{Owner}:{branch}");
        json.WriteString("ref", branch);
        json.WriteString("sha", headSha);
        json.WritePropertyName("repo");
        WriteRepository(json, repository);
        json.WriteEndObject();
        json.WriteStartObject("base");
        json.WriteString("label", $"{Owner}:main");
        json.WriteString("ref", "main");
        json.WriteString("sha", baseSha);
        json.WritePropertyName("repo");
        WriteRepository(json, repository);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRepository(Utf8JsonWriter json, int repository)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"repo-{repository}");
        json.WriteStartObject();
        json.WriteNumber("id", RepositoryIdBase + repository);
        json.WriteString("name", name);
        json.WriteString("full_name", $"{Owner}/{name}");
        json.WriteBoolean("private", true);
        json.WritePropertyName("owner");
        WriteUser(json, Owner, OwnerId, "Organization");
        json.WriteString("default_branch", "main");
        json.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter json, string login, long id, string type)
    {
        json.WriteStartObject();
        json.WriteString("login", login);
        json.WriteNumber("id", id);
        json.WriteString("type", type);
        json.WriteEndObject();
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
}
