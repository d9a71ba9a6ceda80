using Fortify.LoadTest.Cli;
using Fortify.LoadTest.Commands;

if (!CommandLineParser.TryParse(args, out var invocation, out var error))
{
    await Console.Error.WriteLineAsync(error);
    await Console.Error.WriteLineAsync();
    Usage.Write(Console.Error);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the commands stop cleanly (and Kestrel drain) instead of the runtime killing the process.
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    return invocation switch
    {
        HelpInvocation => ShowHelp(),
        IntakeInvocation intake => await IntakeCommand.RunAsync(intake.Options, cancellation.Token),
        BareServerInvocation bare => await BareServerCommand.RunAsync(bare.Port, cancellation.Token),
        CompareInvocation compare => await CompareCommand.RunAsync(compare.Options, cancellation.Token),
        _ => throw new InvalidOperationException($"Unhandled invocation {invocation.GetType().Name}."),
    };
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("Interrupted.");
    return 130;
}

static int ShowHelp()
{
    Usage.Write(Console.Out);
    return 0;
}
