namespace Fortify.GitHubEmulator;

/// <summary>
/// GitHub reads every REST request body as JSON, whatever Content-Type it carries (Octokit sends its bodies with
/// its own media types); minimal APIs bind only <c>application/json</c>, so the emulator says it is JSON first.
/// </summary>
internal sealed class JsonBodyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api/v3") && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            && request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            request.ContentType = "application/json";
        }

        return next(context);
    }
}
