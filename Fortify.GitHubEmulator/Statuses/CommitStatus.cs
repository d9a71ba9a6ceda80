namespace Fortify.GitHubEmulator.Statuses;

internal sealed record CommitStatus(
    long Id, long RepositoryId, string Sha, string State, string? TargetUrl, string? Description, string Context, string Creator, DateTimeOffset CreatedAt);

internal sealed record CommitStatusRequest(string? State, string? TargetUrl, string? Description, string? Context);
