using Fortify.GitHubEmulator.Git;
using Fortify.GitHubEmulator.Pulls;
using Fortify.GitHubEmulator.Repositories;
using Fortify.GitHubEmulator.Webhooks;

namespace Fortify.GitHubEmulator.Control;

internal sealed record PushResult(string Sha, string Before, string Branch, IReadOnlyList<string> DeliveryIds);

/// <summary>
/// Commits to a branch as if someone pushed: moves the branch, then sends <c>push</c> and, for each open pull request
/// from that branch, <c>pull_request</c> <c>synchronize</c>, as GitHub does.
/// </summary>
internal sealed class CommitPusher(
    EmulatedRepositories repositories, GitCommands git, PullRequests pulls, PullRequestJson pullJson, WebhookSender webhooks, TimeProvider clock)
{
    public async Task<(PushResult? Result, string? Error)> PushAsync(EmulatedRepository repository, NewCommit request, GitHubUrls urls)
    {
        var branch = request.Branch!;
        string before, sha;
        List<PullRequest> synchronized;
        using (await repositories.WriteLockAsync())
        {
            var current = await git.BranchShaAsync(repository.GitDirectory, branch);
            var parent = current ?? await git.ResolveCommitAsync(repository.GitDirectory, request.From ?? repository.DefaultBranch);
            if (parent is null)
            {
                return (null, $"'{request.From}' is neither a branch nor a commit.");
            }

            before = current ?? GitCommands.ZeroSha;
            sha = await git.CommitAsync(repository.GitDirectory, parent, request.Files ?? [], request.Message ?? "Update files");
            await git.UpdateBranchAsync(repository.GitDirectory, branch, sha, before);

            synchronized = pulls.OpenWithHead(repository.Id, branch).Select(p => p with { HeadSha = sha, UpdatedAt = clock.GetUtcNow() }).ToList();
            synchronized.ForEach(pulls.Update);
        }

        var deliveries = new List<string>();
        if (request.Deliver ?? true)
        {
            var commit = (await git.ReadCommitAsync(repository.GitDirectory, sha))!;
            var (added, removed, modified) = await git.ChangedPathsAsync(repository.GitDirectory, commit);
            var push = WebhookPayloads.Push(repository, urls, branch, before, sha, [new PushedCommit(commit, added, removed, modified)]);
            deliveries.Add((await webhooks.DeliverAsync("push", null, push, repository.Id)).Guid.ToString());
            foreach (var pull in synchronized)
            {
                var payload = WebhookPayloads.PullRequest("synchronize", await pullJson.RenderAsync(pull, repository, urls), repository, urls, before, sha);
                deliveries.Add((await webhooks.DeliverAsync("pull_request", "synchronize", payload, repository.Id)).Guid.ToString());
            }
        }

        return (new PushResult(sha, before, branch, deliveries), null);
    }
}
