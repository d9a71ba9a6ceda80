using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Fortify.Chaos;

/// <summary>
/// Time from a pull request's delivery to its completed Fortify check run, through the whole stack: the emulator
/// opens a pull request changing <c>--files</c> files of a real git repository and delivers the signed webhook to
/// the proxy; the clock stops when GitHub's check-runs endpoint shows the run completed. Median over <c>--runs</c>.
/// </summary>
internal sealed class PullRequestLatency(ChaosStack stack, ChaosOptions options)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public async Task<string> RunAsync()
    {
        using var github = stack.Client("github-emulator");
        var repository = $"fortify-bench/pr-latency-{options.Seed}";
        await PostAsync(github, "/_emulator/repositories", new { full_name = repository, default_branch = "main", files = new Dictionary<string, string> { ["README.md"] = "# Bench\n" } });

        var timings = new List<double>();
        for (var run = 0; run <= options.Runs; run++)
        {
            var branch = $"change-{run}";
            var files = Enumerable.Range(0, options.Files).ToDictionary(i => $"src/Module{i}/Service{i}.cs", i => (string?)SourceFile(run, i));
            var head = (string)(await PostAsync(github, $"/_emulator/repositories/{repository}/commits", new { branch, from = "main", files, deliver = false }))["sha"]!;

            var clock = Stopwatch.StartNew();
            await PostAsync(github, $"/_emulator/repositories/{repository}/pulls", new { head = branch, @base = "main", title = branch });
            var conclusion = await CompletedAsync(github, repository, head);
            clock.Stop();
            // The first run warms the JIT and the caches of every service; it is shown, not counted.
            Console.WriteLine($"run {run}: {clock.Elapsed.TotalMilliseconds:0} ms ({conclusion}){(run == 0 ? " warm-up" : "")}");
            if (run > 0)
            {
                timings.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        timings.Sort();
        return string.Create(CultureInfo.InvariantCulture, $"""
            pull request to completed check run, {options.Files}-file pull requests, {timings.Count} runs after one warm-up
            RESULT median_ms={timings[timings.Count / 2]:0} p90_ms={timings[(int)(timings.Count * 0.9)]:0} min_ms={timings[0]:0} max_ms={timings[^1]:0}
            """);
    }

    private static async Task<string> CompletedAsync(HttpClient github, string repository, string sha)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience)
        {
            var runs = JsonNode.Parse(await github.GetStringAsync($"/api/v3/repos/{repository}/commits/{sha}/check-runs"))!["check_runs"]!.AsArray();
            if (runs.FirstOrDefault(r => (string?)r!["name"] == "Fortify" && (string?)r["status"] == "completed") is { } done)
            {
                return (string)done["conclusion"]!;
            }

            await Task.Delay(Poll);
        }

        throw new TimeoutException($"No completed Fortify check run on {sha} after {Patience}.");
    }

    private static async Task<JsonNode> PostAsync(HttpClient github, string path, object body)
    {
        using var response = await github.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
    }

    /// <summary>Forty lines of ordinary code, different in every file and run.</summary>
    private static string SourceFile(int run, int index)
    {
        var code = new StringBuilder($"namespace Bench.Module{index};\n\npublic sealed class Service{index}\n{{\n");
        for (var line = 0; line < 12; line++)
        {
            code.Append(CultureInfo.InvariantCulture, $"    public int Step{line}(int value) => value * {run + 1} + {index * 100 + line};\n\n");
        }

        return code.Append("}\n").ToString();
    }
}
