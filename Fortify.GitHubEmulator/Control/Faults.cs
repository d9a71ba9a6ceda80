using System.Collections.Concurrent;
using System.Globalization;

namespace Fortify.GitHubEmulator.Control;

/// <summary>A failure the emulator plays for API paths that start with <see cref="PathPrefix"/>.</summary>
/// <param name="Times">How many requests it hits; null for every one.</param>
internal sealed record Fault(string PathPrefix, int? Status, int? Times, int DelayMilliseconds, int? RetryAfterSeconds);

internal sealed class Faults
{
    private readonly ConcurrentDictionary<string, (Fault Fault, int Remaining)> _byPrefix = new();

    public void Add(Fault fault) => _byPrefix[fault.PathPrefix] = (fault, fault.Times ?? -1);

    public void Clear() => _byPrefix.Clear();

    public Fault? Take(string path)
    {
        foreach (var (prefix, entry) in _byPrefix)
        {
            if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || entry.Remaining == 0)
            {
                continue;
            }

            if (entry.Remaining > 0)
            {
                _byPrefix.TryUpdate(prefix, (entry.Fault, entry.Remaining - 1), entry);
            }

            return entry.Fault;
        }

        return null;
    }
}

internal sealed class FaultMiddleware(RequestDelegate next, Faults faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api/v3") && faults.Take(context.Request.Path.Value!) is { } fault)
        {
            if (fault.DelayMilliseconds > 0)
            {
                await Task.Delay(fault.DelayMilliseconds, context.RequestAborted);
            }

            if (fault.Status is { } status)
            {
                if (fault.RetryAfterSeconds is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                }

                await Results.Json(new { message = $"Emulated failure {status}", documentation_url = "https://docs.github.com/rest" }, statusCode: status)
                    .ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }
}
