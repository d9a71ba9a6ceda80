using System.Diagnostics;
using Aspire.Hosting.Testing;
using Npgsql;
using StackExchange.Redis;

namespace Fortify.Chaos;

/// <summary>
/// The queue alone: jobs written straight into Postgres and their entries onto the normal stream, then taken by the
/// two worker replicas (claim in Postgres, empty scan, final state committed, entry acknowledged).
/// </summary>
internal sealed class QueueBenchmark(ChaosStack stack, ChaosOptions options)
{
    public async Task<string> RunAsync()
    {
        var postgres = await stack.App.GetConnectionStringAsync("postgres") ?? throw new InvalidOperationException("No Postgres.");
        var redisConnection = await stack.App.GetConnectionStringAsync("redis") ?? throw new InvalidOperationException("No Redis.");
        var repository = $"bench/queue-{options.Seed}";
        await using var db = NpgsqlDataSource.Create(postgres);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisConnection);

        var jobIds = Enumerable.Range(0, options.Jobs).Select(_ => Guid.CreateVersion7()).ToList();
        await InsertJobsAsync(db, repository, jobIds);
        var enqueue = Stopwatch.StartNew();
        var stream = redis.GetDatabase();
        foreach (var batch in jobIds.Chunk(1000))
        {
            await Task.WhenAll(batch.Select(id => stream.StreamAddAsync("fortify:jobs:normal", "job_id", id.ToString())));
        }

        enqueue.Stop();
        var (completed, first, last) = await WaitForCompletionAsync(db, repository, options.Jobs);
        var seconds = (last - first).TotalSeconds;
        var xadd = RedisBenchmark(redisConnection);
        return $"""
            queue benchmark: {options.Jobs} jobs, 2 workers x {options.WorkerConcurrency} slots, empty scan
            enqueued in {enqueue.Elapsed.TotalSeconds:0.00} s; completed {completed} between first start and last finish in {seconds:0.00} s
            RESULT jobs_per_second={completed / seconds:0}
            redis-benchmark XADD (50 clients, pipeline 1): {xadd}
            """;
    }

    private static async Task InsertJobsAsync(NpgsqlDataSource db, string repository, List<Guid> jobIds)
    {
        var now = DateTimeOffset.UtcNow;
        await using var connection = await db.OpenConnectionAsync();
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY scan_jobs (\"JobId\", \"Trigger\", \"Repository\", \"TargetType\", \"Reference\", \"CommitSha\", \"Context\", \"Priority\", \"Status\", \"CreatedAt\", \"UpdatedAt\", \"Attempts\", \"DispatchedAt\") FROM STDIN (FORMAT BINARY)");
        var i = 0;
        foreach (var id in jobIds)
        {
            await import.StartRowAsync();
            await import.WriteAsync(id, NpgsqlTypes.NpgsqlDbType.Uuid);
            await import.WriteAsync("benchmark");
            await import.WriteAsync(repository);
            await import.WriteAsync("Push");
            await import.WriteAsync($"branch-{i++}");
            await import.WriteAsync(Convert.ToHexStringLower(id.ToByteArray()).PadRight(40, '0'));
            await import.WriteAsync("{}", NpgsqlTypes.NpgsqlDbType.Jsonb);
            await import.WriteAsync("Normal");
            await import.WriteAsync("Queued");
            await import.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await import.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await import.WriteAsync(0);
            // Marked dispatched, so the sweeper does not add entries of its own.
            await import.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz);
        }

        await import.CompleteAsync();
    }

    private static async Task<(long Completed, DateTimeOffset First, DateTimeOffset Last)> WaitForCompletionAsync(NpgsqlDataSource db, string repository, int expected)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var command = db.CreateCommand(
                "SELECT count(*), min(\"StartedAt\"), max(\"FinishedAt\") FROM scan_jobs WHERE \"Repository\" = $1 AND \"Status\" = 'Completed'");
            command.Parameters.AddWithValue(repository);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var completed = reader.GetInt64(0);
            if (completed >= expected || deadline.Elapsed > TimeSpan.FromMinutes(10))
            {
                return (completed, reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static string RedisBenchmark(string connection)
    {
        var options = ConfigurationOptions.Parse(connection);
        var endpoint = (System.Net.DnsEndPoint)options.EndPoints[0];
        var start = new ProcessStartInfo("redis-benchmark",
            ["-h", "127.0.0.1", "-p", endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-a", options.Password ?? "",
             "-n", "200000", "-c", "50", "-q", "XADD", "fortify:bench", "*", "job_id", "x"])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\r', '\n').LastOrDefault(l => l.Contains("requests per second", StringComparison.Ordinal))?.Trim() ?? output.Trim();
    }
}
