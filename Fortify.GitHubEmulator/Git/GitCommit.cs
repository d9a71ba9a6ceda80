namespace Fortify.GitHubEmulator.Git;

/// <summary>A commit as git stores it.</summary>
internal sealed record GitCommit(
    string Sha,
    string Tree,
    IReadOnlyList<string> Parents,
    GitSignature Author,
    GitSignature Committer,
    string Message);

internal sealed record GitSignature(string Name, string Email, DateTimeOffset Date)
{
    /// <summary>GitHub's timestamp form: UTC, seconds, <c>Z</c>.</summary>
    public string GitHubDate => Date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
