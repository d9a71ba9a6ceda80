using Fortify.Chaos;

// Sends signed deliveries through the proxy while killing and restarting workers and the scan agent at random,
// then checks that every delivery has exactly one job and every job reached a final state.
var options = ChaosOptions.Parse(args);
await using var stack = await ChaosStack.StartAsync(options);
var report = await new ChaosRun(stack, options).RunAsync();
Console.WriteLine(report);
return report.Passed ? 0 : 1;
