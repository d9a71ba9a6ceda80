namespace Fortify.GitHubEmulator.Pulls;

/// <summary>A pull request between two branches of one repository. The SHAs are where the branches were when last seen.</summary>
internal sealed record PullRequest(
    long Id,
    long RepositoryId,
    int Number,
    string Head,
    string Base,
    string Title,
    bool Draft,
    string State,
    string User,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string HeadSha,
    string BaseSha);
