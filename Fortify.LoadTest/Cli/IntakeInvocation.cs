using Fortify.LoadTest.Load;

namespace Fortify.LoadTest.Cli;

internal sealed record IntakeInvocation(LoadOptions Options) : Invocation;
