using Fortify.LoadTest.Load;

namespace Fortify.LoadTest.Cli;

internal sealed record CompareInvocation(LoadOptions Options) : Invocation;
