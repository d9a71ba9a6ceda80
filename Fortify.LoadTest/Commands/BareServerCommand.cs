using Fortify.LoadTest.Server;

namespace Fortify.LoadTest.Commands;

internal static class BareServerCommand
{
    public static async Task<int> RunAsync(int port, CancellationToken cancellationToken)
    {
        var app = await BareServer.StartAsync(port, cancellationToken);
        await using (app)
        {
            Console.WriteLine($"Bare Kestrel answers 202 at POST {BareServer.WebhookUrl(app)}; Ctrl+C stops it.");

            // Ends on SIGTERM through the host's own lifetime, or on Ctrl+C through the token.
            await app.WaitForShutdownAsync(cancellationToken);
            await app.StopAsync(CancellationToken.None);
        }

        return 0;
    }
}
