using System.Collections.Concurrent;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Fortify.Tests.Infrastructure;

/// <summary>
/// With <c>FORTIFY_TEST_LOGS</c> set to a folder, every resource's console output is written there, one file per
/// resource instance and stack, so a failed run can be read afterwards; the test runner itself shows none of it.
/// </summary>
internal static class ResourceLogFiles
{
    public const string Variable = "FORTIFY_TEST_LOGS";

    public static void StartIfRequested(DistributedApplication app)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } folder)
        {
            return;
        }

        var directory = Directory.CreateDirectory(Path.Combine(folder, $"{DateTime.UtcNow:HHmmss}-{Guid.NewGuid():N}"[..15]));
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var watched = new ConcurrentDictionary<string, Task>();
        _ = Task.Run(async () =>
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync())
            {
                _ = watched.GetOrAdd(update.ResourceId, id => Task.Run(() => CopyAsync(logs, id, Path.Combine(directory.FullName, $"{id}.log"))));
            }
        });
    }

    private static async Task CopyAsync(ResourceLoggerService logs, string resourceId, string path)
    {
        await using var file = new StreamWriter(path, append: true) { AutoFlush = true };
        await foreach (var batch in logs.WatchAsync(resourceId))
        {
            foreach (var line in batch)
            {
                await file.WriteLineAsync($"{DateTime.UtcNow:HH:mm:ss.fff} {line.Content}");
            }
        }
    }
}
