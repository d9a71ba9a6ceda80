using Fortify.LoadTest.Load;

namespace Fortify.LoadTest.Commands;

internal static class IntakeCommand
{
    public static async Task<int> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Loading {options.Url} for {options.WarmupSeconds} s warm-up + {options.DurationSeconds} s with {options.Concurrency} senders...");
        var report = await IntakeLoad.RunAsync(options, cancellationToken);
        report.Write(Console.Out);
        Console.WriteLine(report.ResultLine());
        return ExitCode(report);
    }

    /// <summary>Fails when nothing was accepted, so a script notices a wrong secret or a stopped stack.</summary>
    public static int ExitCode(LoadReport report) => report.Durable > 0 ? 0 : 1;
}
