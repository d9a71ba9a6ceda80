using Fortify.GitHubEmulator.Apps;

namespace Fortify.GitHubEmulator.Authentication;

/// <summary>
/// GitHub's rules for every REST call: no credentials is anonymous (public repositories only), a known token or a
/// valid app JWT is accepted, anything else is 401.
/// </summary>
internal sealed class AuthenticationMiddleware(RequestDelegate next, AccessTokens tokens, AppJwtValidator jwt)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api/v3"))
        {
            await next(context);
            return;
        }

        string header = context.Request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            var caller = await AuthenticateAsync(header);
            if (caller is null)
            {
                var credential = header.Split(' ', 2) is [_, var value] ? value.Trim() : "";
                await (AppJwtValidator.LooksLikeJwt(credential) ? GitHubErrors.BadJwt() : GitHubErrors.BadCredentials()).ExecuteAsync(context);
                return;
            }

            Caller.Set(context, caller);
        }

        await next(context);
    }

    private async Task<Caller?> AuthenticateAsync(string header)
    {
        if (header.Split(' ', 2, StringSplitOptions.TrimEntries) is not [var scheme, var credential]
            || !(scheme.Equals("token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        if (tokens.Find(credential) is { } token)
        {
            return new TokenCaller(token);
        }

        return AppJwtValidator.LooksLikeJwt(credential) && await jwt.IsValidAsync(credential) ? new AppCaller(jwt.AppId) : null;
    }
}
