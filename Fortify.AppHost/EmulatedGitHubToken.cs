using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Fortify.AppHost;

/// <summary>The personal access token the emulator accepts in token mode: one per AppHost run, shared by every service.</summary>
internal sealed record EmulatedGitHubToken(string Value)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, EmulatedGitHubToken> Tokens = [];

    // ghp_ as GitHub's classic personal tokens, so the emulator and logs treat it as one.
    public static EmulatedGitHubToken For(IDistributedApplicationBuilder builder) =>
        Tokens.GetValue(builder, _ => new EmulatedGitHubToken("ghp_" + RandomNumberGenerator.GetString(Alphabet, 36)));
}
