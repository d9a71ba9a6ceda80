namespace Fortify.LoadTest.Cli;

/// <summary>What the command line asked for; the subtypes carry each command's settings.</summary>
internal abstract record Invocation;
