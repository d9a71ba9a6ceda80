namespace Fortify.GitHubEmulator.Diffs;

/// <summary>One file of a diff, as GitHub lists it in pull request files, compare and commit answers.</summary>
/// <param name="Sha">The blob on the new side (the old one for a removed file).</param>
/// <param name="Patch">The hunks without git's header lines; null for binary files and pure renames.</param>
internal sealed record FileChange(
    string Filename, string? PreviousFilename, string Status, string Sha, int Additions, int Deletions, string? Patch);
