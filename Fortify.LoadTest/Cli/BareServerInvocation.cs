namespace Fortify.LoadTest.Cli;

internal sealed record BareServerInvocation(int Port) : Invocation;
