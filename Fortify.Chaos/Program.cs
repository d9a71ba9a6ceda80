using Fortify.Chaos;

// chaos (default): signed deliveries through the proxy while workers and the scan agent are killed at random.
// queue-benchmark: jobs per second through stream → worker → ack with an empty scan, beside redis-benchmark XADD.
// pr-latency: pull request delivery to completed check run through the emulator, median over --runs.
var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "chaos";
var options = ChaosOptions.Parse(command == "chaos" && (args.Length == 0 || args[0].StartsWith('-')) ? args : args[1..]);
if (command == "queue-benchmark")
{
    await using var benchStack = await ChaosStack.StartAsync(options, emptyScan: true);
    Console.WriteLine(await new QueueBenchmark(benchStack, options).RunAsync());
    return 0;
}

if (command == "pr-latency")
{
    await using var latencyStack = await ChaosStack.StartAsync(options, emptyScan: false);
    Console.WriteLine(await new PullRequestLatency(latencyStack, options).RunAsync());
    return 0;
}

await using var stack = await ChaosStack.StartAsync(options, emptyScan: false);
var report = await new ChaosRun(stack, options).RunAsync();
Console.WriteLine(report);
return report.Passed ? 0 : 1;
