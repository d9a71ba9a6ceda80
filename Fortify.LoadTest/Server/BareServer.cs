using System.Net;

namespace Fortify.LoadTest.Server;

/// <summary>
/// The baseline: Kestrel doing nothing but taking the body and answering 202, so a run against it shows what the
/// machine and the load generator can do before any intake work.
/// </summary>
internal static class BareServer
{
    public const string WebhookPath = "/webhooks/github";

    private static readonly ReadOnlyMemory<byte> AcceptedBody = """{"status":"accepted"}"""u8.ToArray();

    /// <summary>Starts on 127.0.0.1; port 0 takes a free one. The caller stops and disposes the app.</summary>
    public static async Task<WebApplication> StartAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        var app = builder.Build();
        app.MapPost(WebhookPath, AcceptAsync);
        try
        {
            await app.StartAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The webhook URL of a started server, with the port it actually got.</summary>
    public static Uri WebhookUrl(WebApplication app) => new(new Uri(app.Urls.First()), WebhookPath);

    private static async Task AcceptAsync(HttpContext context)
    {
        // Read the whole body like a real receiver must before it can check a signature; then drop it.
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = AcceptedBody.Length;
        await context.Response.Body.WriteAsync(AcceptedBody, context.RequestAborted);
    }
}
