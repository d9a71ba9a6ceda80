using BenchmarkDotNet.Running;
using Fortify.Scanning.Benchmarks;

// "devskim" times DevSkim over the corpus (an external process); anything else goes to BenchmarkDotNet.
if (args is ["devskim"])
{
    await DevSkimTiming.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SecretsScannerBenchmarks).Assembly).Run(args);
