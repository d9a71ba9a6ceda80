namespace Fortify.Core.GitHub;

/// <summary>What Fortify signs in to GitHub with.</summary>
public enum CredentialKind
{
    Anonymous,

    /// <summary>A personal access or OAuth token: it can read, but check runs need an App.</summary>
    Token,

    /// <summary>An installation token of Fortify's GitHub App.</summary>
    App,
}
