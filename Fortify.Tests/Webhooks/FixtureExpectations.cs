using System.Text.Json;

namespace Fortify.Tests.Webhooks;

/// <summary>One GitHub payload from the fixtures, and the scan job it must make, if any.</summary>
public sealed record FixturePayload(string Event, string Name, string Json)
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "github-webhooks");

    public static IReadOnlyList<FixturePayload> All() =>
        Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Select(path => new FixturePayload(
                Path.GetFileName(Path.GetDirectoryName(path)!), Path.GetFileName(path), File.ReadAllText(path)))
            .OrderBy(p => p.Event is "installation" or "installation_repositories")
            .ThenBy(p => p.Event, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

    public static FixturePayload Get(string gitHubEvent, string name) =>
        new(gitHubEvent, name, File.ReadAllText(Path.Combine(Root, gitHubEvent, name)));

    public override string ToString() => $"{Event}/{Name}";

    /// <summary>
    /// The rules of the intake, restated from the issue independently of the product's code: which deliveries make a
    /// job, and for which target.
    /// </summary>
    public ExpectedJob? ExpectedJob()
    {
        var root = JsonDocument.Parse(Json).RootElement;
        var action = root.TryGetProperty("action", out var a) ? a.GetString() : null;
        var repository = root.TryGetProperty("repository", out var r) && r.ValueKind == JsonValueKind.Object
            ? r.GetProperty("full_name").GetString()!
            : "";
        switch (Event)
        {
            case "pull_request" when action is "opened" or "synchronize" or "reopened" or "ready_for_review":
                var pr = root.GetProperty("pull_request");
                return pr.GetProperty("draft").GetBoolean()
                    ? null
                    : new ExpectedJob(repository, "pull_request", root.GetProperty("number").GetInt64().ToString(), pr.GetProperty("head").GetProperty("sha").GetString()!);
            case "push":
                var reference = root.GetProperty("ref").GetString()!;
                var after = root.GetProperty("after").GetString()!;
                return reference.StartsWith("refs/heads/", StringComparison.Ordinal) && !root.GetProperty("deleted").GetBoolean() && after.Trim('0').Length > 0
                    ? new ExpectedJob(repository, "push", reference["refs/heads/".Length..], after)
                    : null;
            case "check_suite" when action == "rerequested":
                var suite = root.GetProperty("check_suite");
                return SameTargetAgain(repository, suite.GetProperty("head_sha").GetString()!, suite.GetProperty("head_branch").GetString(), suite.GetProperty("pull_requests"));
            case "check_run" when action == "rerequested":
                var run = root.GetProperty("check_run");
                return SameTargetAgain(repository, run.GetProperty("head_sha").GetString()!, run.GetProperty("check_suite").GetProperty("head_branch").GetString(), run.GetProperty("pull_requests"));
            default:
                return null;
        }
    }

    private static ExpectedJob SameTargetAgain(string repository, string sha, string? branch, JsonElement pullRequests) =>
        pullRequests.GetArrayLength() > 0
            ? new ExpectedJob(repository, "pull_request", pullRequests[0].GetProperty("number").GetInt64().ToString(), sha)
            : new ExpectedJob(repository, "push", branch!, sha);
}

public sealed record ExpectedJob(string Repository, string Type, string Reference, string CommitSha);
