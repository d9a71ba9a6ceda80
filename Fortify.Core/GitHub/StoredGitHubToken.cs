namespace Fortify.Core.GitHub;

/// <summary>
/// A GitHub token shared by every replica (an installation token, until it expires), encrypted with ASP.NET Core
/// Data Protection: the database never holds it in clear.
/// </summary>
public sealed class StoredGitHubToken
{
    /// <summary>What the token is for, e.g. <c>installation:42</c>.</summary>
    public required string Key { get; set; }

    public required string ProtectedToken { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
