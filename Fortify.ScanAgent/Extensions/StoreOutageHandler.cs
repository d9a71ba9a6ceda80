using Fortify.Core.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace Fortify.ScanAgent.Extensions;

/// <summary>
/// A query that meets a Postgres or Redis outage answers 503 with a reason and a Retry-After, not a 500: the caller
/// did nothing wrong and the same call works once the store is back.
/// </summary>
internal sealed class StoreOutageHandler(IProblemDetailsService problems, ILogger<StoreOutageHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!exception.IsStoreOutage())
        {
            return false;
        }

        logger.LogWarning(exception, "{Method} {Path} met a store outage", context.Request.Method, context.Request.Path);
        const string reason = "Postgres or Redis cannot answer now; retry later.";
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "A store is unavailable",
                Detail = reason,
                Extensions = { ["reason"] = reason },
            },
        });
    }
}
