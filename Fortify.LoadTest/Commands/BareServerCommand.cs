using Fortify.LoadTest.Server;

namespace Fortify.LoadTest.Commands;

internal static class BareServerCommand
{
    public static async Task<int> RunAsync(int port, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = await BareServer.StartAsync(port, cancellationToken);
        }
        catch (IOException exception)
        {
            // Most often the port is taken; Kestrel's message says so, the stack trace adds nothing.
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }

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
