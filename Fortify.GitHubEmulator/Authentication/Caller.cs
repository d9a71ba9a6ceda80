namespace Fortify.GitHubEmulator.Authentication;

/// <summary>Who is calling the REST API, from the <c>Authorization</c> header.</summary>
internal abstract record Caller
{
    private static readonly object Key = new();

    public static Caller Of(HttpContext context) => context.Items[Key] as Caller ?? new Anonymous();

    public static void Set(HttpContext context, Caller caller) => context.Items[Key] = caller;

    /// <summary>What the rate limit is counted against.</summary>
    public abstract string RateLimitKey { get; }
}

internal sealed record Anonymous : Caller
{
    public override string RateLimitKey => "anonymous";
}

/// <summary>A token from <see cref="AccessTokens"/>.</summary>
internal sealed record TokenCaller(AccessToken Token) : Caller
{
    public bool IsInstallation => Token.Kind == TokenKind.Installation;

    public override string RateLimitKey => $"token:{Token.Value}";
}

/// <summary>A GitHub App authenticated with its JWT.</summary>
internal sealed record AppCaller(string AppId) : Caller
{
    public override string RateLimitKey => $"app:{AppId}";
}
