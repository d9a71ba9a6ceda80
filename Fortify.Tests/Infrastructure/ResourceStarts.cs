using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Fortify.Tests.Infrastructure;

/// <summary>Starting a resource a test stopped, as an operator would.</summary>
public static class ResourceStarts
{
    private const int Attempts = 5;

    /// <summary>
    /// Starts the stopped resource and waits until it is healthy. A start can fail while the stopped process still
    /// lets go of what it held (its port): the resource then fails to start, and the start is tried again.
    /// </summary>
    public static async Task StartUntilHealthyAsync(this DistributedApplication app, string resource)
    {
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        for (var attempt = 1; ; attempt++)
        {
            var started = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
            if (started.Success)
            {
                try
                {
                    await app.ResourceNotifications.WaitForResourceHealthyAsync(resource).WaitAsync(TimeSpan.FromMinutes(2));
                    return;
                }
                catch (DistributedApplicationException) when (attempt < Attempts)
                {
                    // It failed to start: the next attempt starts it again.
                }
            }
            else
            {
                Assert.True(attempt < Attempts, $"{resource} did not start: {started.Message}");
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }
}
