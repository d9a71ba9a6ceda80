namespace Fortify.LoadTest.Cli;

internal sealed record HelpInvocation : Invocation;
