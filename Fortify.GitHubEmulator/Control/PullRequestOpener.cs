using System.Text.Json.Nodes;
using Fortify.GitHubEmulator.Git;
using Fortify.GitHubEmulator.Pulls;
using Fortify.GitHubEmulator.Repositories;
using Fortify.GitHubEmulator.Webhooks;

namespace Fortify.GitHubEmulator.Control;

/// <summary>Opens a pull request with GitHub's rules and sends <c>pull_request</c> <c>opened</c>.</summary>
internal sealed class PullRequestOpener(
    EmulatedRepositories repositories, GitCommands git, PullRequests pulls, PullRequestJson pullJson, WebhookSender webhooks, TimeProvider clock)
{
    public async Task<(JsonObject? PullRequest, string? Error)> OpenAsync(EmulatedRepository repository, NewPullRequest request, GitHubUrls urls)
    {
        var head = request.Head!;
        var @base = request.Base ?? repository.DefaultBranch;
        PullRequest pull;
        using (await repositories.WriteLockAsync())
        {
            var headSha = await git.BranchShaAsync(repository.GitDirectory, head);
            var baseSha = await git.BranchShaAsync(repository.GitDirectory, @base);
            if (headSha is null || baseSha is null)
            {
                return (null, $"{(headSha is null ? "head" : "base")} branch does not exist.");
            }

            if (await git.CountAsync(repository.GitDirectory, baseSha, headSha) == 0)
            {
                return (null, $"No commits between {@base} and {head}");
            }

            if (pulls.OpenWithHead(repository.Id, head).Any(p => p.Base == @base))
            {
                return (null, $"A pull request already exists for {repository.Owner}:{head}.");
            }

            var now = clock.GetUtcNow();
            pull = pulls.Open(repository.Id, (id, number) => new PullRequest(
                id, repository.Id, number, head, @base, request.Title ?? head, request.Draft ?? false, "open", repository.Owner, now, now, headSha, baseSha));
        }

        var json = await pullJson.RenderAsync(pull, repository, urls);
        var deliveries = new JsonArray();
        if (request.Deliver ?? true)
        {
            var payload = WebhookPayloads.PullRequest("opened", json.DeepClone().AsObject(), repository, urls);
            deliveries.Add((await webhooks.DeliverAsync("pull_request", "opened", payload, repository.Id)).Guid.ToString());
        }

        json["delivery_ids"] = deliveries;
        return (json, null);
    }
}
