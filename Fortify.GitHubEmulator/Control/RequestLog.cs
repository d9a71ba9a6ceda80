using System.Collections.Concurrent;

namespace Fortify.GitHubEmulator.Control;

/// <summary>Every API call the emulator answered, so tests can count what Fortify asked of "GitHub".</summary>
internal sealed class RequestLog
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public void Add(RecordedRequest request) => _requests.Enqueue(request);

    public IEnumerable<RecordedRequest> All => _requests;
}

internal sealed record RecordedRequest(string Method, string Path, int StatusCode, DateTimeOffset At);

internal sealed class RequestLogMiddleware(RequestDelegate next, RequestLog log, TimeProvider? clock = null)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Request.Path.StartsWithSegments("/api/v3"))
        {
            log.Add(new RecordedRequest(
                context.Request.Method, context.Request.Path.Value!, context.Response.StatusCode, (clock ?? TimeProvider.System).GetUtcNow()));
        }
    }
}
