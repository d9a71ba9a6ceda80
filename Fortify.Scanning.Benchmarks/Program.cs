using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Fortify.Scanning.Benchmarks.SecretsScannerBenchmarks).Assembly).Run(args);
