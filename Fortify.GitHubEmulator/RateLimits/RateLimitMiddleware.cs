using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fortify.GitHubEmulator.RateLimits;

/// <summary>Counts every REST call against its credential and answers with GitHub's <c>x-ratelimit-*</c> headers.</summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, RateLimits limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api/v3"))
        {
            await next(context);
            return;
        }

        // GET /rate_limit does not count against the limit, as on GitHub.
        var key = KeyOf(context);
        var state = context.Request.Path.StartsWithSegments("/api/v3/rate_limit") ? limits.Peek(key) : limits.Count(key);
        var headers = context.Response.Headers;
        headers["x-ratelimit-limit"] = state.Limit.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining"] = state.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset"] = state.Reset.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-used"] = state.Used.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-resource"] = "core";
        if (state.Exceeded)
        {
            await GitHubErrors.Message("API rate limit exceeded.", StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>The credential itself (hashed, never kept), or the client address when there is none.</summary>
    public static string KeyOf(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.Length == 0
            ? $"ip:{context.Connection.RemoteIpAddress}"
            : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)));
    }
}
