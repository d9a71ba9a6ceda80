namespace Fortify.GitHubEmulator.Control;

internal sealed record NewRepository(string FullName, string? DefaultBranch, bool Private, Dictionary<string, string?>? Files);

/// <param name="From">Where a new branch starts: a branch or SHA; the default branch when absent.</param>
/// <param name="Files">Path to new content; null deletes the path.</param>
internal sealed record NewCommit(string? Branch, string? From, string? Message, Dictionary<string, string?>? Files, bool? Deliver);

internal sealed record NewPullRequest(string? Head, string? Base, string? Title, bool? Draft, bool? Deliver);

internal sealed record NewToken(string? Kind, long? InstallationId);

internal sealed record TokenToRevoke(string? Token);
