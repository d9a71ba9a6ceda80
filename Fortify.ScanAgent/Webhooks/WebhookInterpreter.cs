using System.Text;
using System.Text.Json;
using Fortify.Core.Jobs;
using Microsoft.AspNetCore.WebUtilities;
using Octokit.Webhooks.Events;
using static Fortify.ScanAgent.Webhooks.WebhookDecision;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>
/// Reads a stored delivery with the Octokit.Webhooks models and decides what it asks for. It never throws for an
/// event, action or field it does not know: those are ignored with a reason.
/// </summary>
internal sealed class WebhookInterpreter
{
    private static readonly string[] PullRequestTriggers = ["opened", "synchronize", "reopened", "ready_for_review"];
    private static readonly string[] EnablingInstallationActions = ["created", "new_permissions_accepted", "unsuspend"];
    private static readonly string[] DisablingInstallationActions = ["deleted", "suspend"];

    public Interpretation Interpret(string gitHubEvent, string? contentType, byte[] body)
    {
        if (!TryReadPayload(contentType, body, out var json))
        {
            return new Interpretation(null, null, null, new Ignore("A form-encoded delivery without a 'payload' field."));
        }

        PayloadFields fields;
        try
        {
            fields = PayloadFields.Read(json.Span);
        }
        catch (JsonException exception)
        {
            return new Interpretation(null, null, null, new Ignore($"The payload is not valid JSON: {exception.Message}"));
        }

        WebhookDecision decision;
        try
        {
            decision = Decide(gitHubEvent, fields.Action, json);
        }
        catch (Exception exception) when (exception is JsonException or NullReferenceException or InvalidOperationException)
        {
            // A payload that lacks a field GitHub documents as always there: stored, answered, not acted on.
            decision = new Ignore($"The {gitHubEvent} payload does not have the shape GitHub documents: {exception.Message}");
        }

        return new Interpretation(fields.Action, fields.Repository, fields.InstallationId, decision);
    }

    private static WebhookDecision Decide(string gitHubEvent, string? action, ReadOnlyMemory<byte> json) => (gitHubEvent, action) switch
    {
        ("pull_request", _) when PullRequestTriggers.Contains(action) => PullRequest(Read<PullRequestEvent>(json), action!),
        ("pull_request", _) => new Ignore($"pull_request '{action}' does not change the code to scan."),
        ("push", _) => Push(Read<PushEvent>(json)),
        ("check_suite", "rerequested") => CheckSuite(Read<CheckSuiteEvent>(json)),
        ("check_run", "rerequested") => CheckRun(Read<CheckRunEvent>(json)),
        ("check_suite" or "check_run", _) => new Ignore($"{gitHubEvent} '{action}' asks for no scan; only 'rerequested' does."),
        ("installation", _) => Installation(Read<InstallationEvent>(json), action),
        ("installation_repositories", _) => InstallationRepositories(Read<InstallationRepositoriesEvent>(json), action),
        _ => new Ignore($"Fortify does not act on '{gitHubEvent}' events."),
    };

    private static WebhookDecision PullRequest(PullRequestEvent e, string action)
    {
        var pr = e.PullRequest;
        var context = new Dictionary<string, string>
        {
            ["event"] = "pull_request",
            ["action"] = action,
            ["pull_request_number"] = e.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["base_ref"] = pr.Base.Ref,
            ["base_sha"] = pr.Base.Sha,
            ["head_ref"] = pr.Head.Ref,
            ["head_sha"] = pr.Head.Sha,
        };
        if (pr.Head.Repo?.FullName is { } headRepository)
        {
            context["head_repository"] = headRepository;
            context["from_fork"] = (headRepository != e.Repository?.FullName).ToString().ToLowerInvariant();
        }

        return new Scan(e.Repository!.FullName, ScanTargetType.PullRequest, context["pull_request_number"], pr.Head.Sha, pr.Draft, context);
    }

    private static WebhookDecision Push(PushEvent e)
    {
        if (e.Deleted || e.After.All(c => c == '0'))
        {
            return new Ignore($"The push deletes {e.Ref}; there is nothing to scan.");
        }

        const string branchPrefix = "refs/heads/";
        if (!e.Ref.StartsWith(branchPrefix, StringComparison.Ordinal))
        {
            return new Ignore($"The push is to {e.Ref}, not to a branch.");
        }

        var branch = e.Ref[branchPrefix.Length..];
        var context = new Dictionary<string, string>
        {
            ["event"] = "push",
            ["ref"] = e.Ref,
            ["before"] = e.Before,
            ["after"] = e.After,
            ["created"] = e.Created.ToString().ToLowerInvariant(),
            ["forced"] = e.Forced.ToString().ToLowerInvariant(),
        };
        return new Scan(e.Repository!.FullName, ScanTargetType.Push, branch, e.After, IsDraft: false, context);
    }

    private static WebhookDecision CheckSuite(CheckSuiteEvent e) => Rerequested(
        e.Repository!.FullName,
        e.CheckSuite.HeadSha,
        e.CheckSuite.HeadBranch,
        e.CheckSuite.PullRequests.Select(p => (p.Number, p.Base.Sha, p.Base.Ref)).FirstOrDefault(),
        "check_suite");

    private static WebhookDecision CheckRun(CheckRunEvent e) => Rerequested(
        e.Repository!.FullName,
        e.CheckRun.HeadSha,
        e.CheckRun.CheckSuite?.HeadBranch,
        e.CheckRun.PullRequests.Select(p => (p.Number, p.Base.Sha, p.Base.Ref)).FirstOrDefault(),
        "check_run");

    /// <summary>The same target again: the pull request the checks belong to, else the branch.</summary>
    private static WebhookDecision Rerequested(
        string repository, string headSha, string? headBranch, (long Number, string BaseSha, string BaseRef) pullRequest, string gitHubEvent)
    {
        var context = new Dictionary<string, string> { ["event"] = gitHubEvent, ["action"] = "rerequested", ["head_sha"] = headSha };
        if (pullRequest.Number != 0)
        {
            var number = pullRequest.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context["pull_request_number"] = number;
            context["base_sha"] = pullRequest.BaseSha;
            context["base_ref"] = pullRequest.BaseRef;
            if (headBranch is not null)
            {
                context["head_ref"] = headBranch;
            }

            return new Scan(repository, ScanTargetType.PullRequest, number, headSha, IsDraft: false, context);
        }

        if (string.IsNullOrEmpty(headBranch))
        {
            return new Ignore($"The {gitHubEvent} names neither a pull request nor a branch.");
        }

        context["ref"] = $"refs/heads/{headBranch}";
        context["after"] = headSha;
        return new Scan(repository, ScanTargetType.Push, headBranch, headSha, IsDraft: false, context);
    }

    private static WebhookDecision Installation(InstallationEvent e, string? action)
    {
        var repositories = e.Repositories?.Select(r => r.FullName).ToList() ?? [];
        if (EnablingInstallationActions.Contains(action))
        {
            return new ChangeRepositories(e.Installation.Id, repositories, Enabled: true, WholeInstallation: action == "unsuspend");
        }

        return DisablingInstallationActions.Contains(action)
            ? new ChangeRepositories(e.Installation.Id, repositories, Enabled: false, WholeInstallation: true)
            : new Ignore($"installation '{action}' changes no repository.");
    }

    private static WebhookDecision InstallationRepositories(InstallationRepositoriesEvent e, string? action) => action switch
    {
        "added" => new ChangeRepositories(e.Installation.Id, e.RepositoriesAdded.Select(r => r.FullName).ToList(), Enabled: true, WholeInstallation: false),
        "removed" => new ChangeRepositories(e.Installation.Id, e.RepositoriesRemoved.Select(r => r.FullName).ToList(), Enabled: false, WholeInstallation: false),
        _ => new Ignore($"installation_repositories '{action}' changes no repository."),
    };

    private static T Read<T>(ReadOnlyMemory<byte> json) =>
        JsonSerializer.Deserialize<T>(json.Span) ?? throw new JsonException("The payload is null.");

    private static bool TryReadPayload(string? contentType, byte[] body, out ReadOnlyMemory<byte> json)
    {
        if (contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            json = body;
            return true;
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        json = form.TryGetValue("payload", out var payload) ? Encoding.UTF8.GetBytes(payload.ToString()) : default;
        return !json.IsEmpty;
    }
}
