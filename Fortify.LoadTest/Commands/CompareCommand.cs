using System.Globalization;
using Fortify.LoadTest.Load;
using Fortify.LoadTest.Server;

namespace Fortify.LoadTest.Commands;

/// <summary>The same load against bare Kestrel and then the real intake, on the same machine, and their ratio.</summary>
internal static class CompareCommand
{
    public static async Task<int> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var bare = await RunBareAsync(options with { Name = "bare-kestrel" }, cancellationToken);

        var fortifyOptions = options with { Name = "fortify-intake" };
        Console.WriteLine($"Loading {fortifyOptions.Name} at {fortifyOptions.Url}...");
        var fortify = await IntakeLoad.RunAsync(fortifyOptions, cancellationToken);

        Console.WriteLine();
        bare.Write(Console.Out);
        Console.WriteLine();
        fortify.Write(Console.Out);
        Console.WriteLine();
        var throughputRatio = Ratio(fortify.DurablePerSecond, bare.DurablePerSecond);

        // Without answers there is no latency, and a p99 of 0 would read as infinitely fast.
        var p99Ratio = fortify.Answered > 0 ? Ratio(fortify.P99, bare.P99) : "n/a";
        Console.WriteLine($"fortify / bare: throughput {throughputRatio}, p99 latency {p99Ratio}");
        Console.WriteLine(bare.ResultLine());
        Console.WriteLine(fortify.ResultLine());
        Console.WriteLine($"COMPARE rps_ratio={throughputRatio} p99_ratio={p99Ratio}");

        return IntakeCommand.ExitCode(fortify);
    }

    private static async Task<LoadReport> RunBareAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        // In-process, so the baseline pays the same CPU sharing with the load generator as a local stack does.
        var server = await BareServer.StartAsync(port: 0, cancellationToken);
        await using (server)
        {
            var bareOptions = options with { Url = BareServer.WebhookUrl(server) };
            Console.WriteLine($"Loading {bareOptions.Name} at {bareOptions.Url}...");
            var report = await IntakeLoad.RunAsync(bareOptions, cancellationToken);
            await server.StopAsync(CancellationToken.None);
            return report;
        }
    }

    private static string Ratio(double numerator, double denominator) =>
        denominator > 0 ? (numerator / denominator).ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
