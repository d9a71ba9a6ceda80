using Microsoft.Extensions.Configuration;

namespace Fortify.AppHost;

/// <summary>
/// How the services sign in to the emulator (<c>Fortify:EmulatedGitHubAuth</c>): as a GitHub App, the default, or
/// with a personal access token, which GitHub lets write commit statuses but not check runs, so that path runs too.
/// </summary>
internal enum EmulatedGitHubAuth
{
    App,
    Token,
}

internal static class EmulatedGitHubAuthSetting
{
    public const string Key = "Fortify:EmulatedGitHubAuth";

    public static EmulatedGitHubAuth Read(IConfiguration configuration) => configuration[Key] switch
    {
        null or "" => EmulatedGitHubAuth.App,
        var value when value.Equals("app", StringComparison.OrdinalIgnoreCase) => EmulatedGitHubAuth.App,
        var value when value.Equals("token", StringComparison.OrdinalIgnoreCase) => EmulatedGitHubAuth.Token,
        // A typo would otherwise run the App path silently, and a test meant for the token path would prove nothing.
        var value => throw new InvalidOperationException($"{Key} must be 'app' or 'token', not '{value}'."),
    };
}
