using System.Net;
using Fortify.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fortify.Tests.Foundation;

/// <summary>Readiness must follow the stores: a service whose Postgres or Redis is gone is not ready.</summary>
[Collection(DisruptedStackCollection.Name)]
public sealed class DependencyHealthTests(FortifyStack stack)
{
    [Theory]
    [InlineData("redis", "proxy")]
    [InlineData("redis", "scan-agent")]
    [InlineData("postgres", "scan-agent")]
    public async Task Health_fails_while_a_store_is_stopped_and_recovers_when_it_is_back(string store, string service)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var client = stack.CreateClient(service);
        var commands = stack.App.Services.GetRequiredService<ResourceCommandService>();

        var stopped = await commands.ExecuteCommandAsync(store, KnownResourceCommands.StopCommand, timeout.Token);
        Assert.True(stopped.Success, stopped.Message);
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await PollHealthAsync(client, HttpStatusCode.ServiceUnavailable, timeout.Token));
        }
        finally
        {
            var started = await commands.ExecuteCommandAsync(store, KnownResourceCommands.StartCommand, timeout.Token);
            Assert.True(started.Success, started.Message);
            await stack.App.ResourceNotifications.WaitForResourceHealthyAsync(store, timeout.Token);
        }

        Assert.Equal(HttpStatusCode.OK, await PollHealthAsync(client, HttpStatusCode.OK, timeout.Token));
    }

    /// <summary>Health checks see a dead connection within a few seconds; poll until the wanted answer or the timeout.</summary>
    private static async Task<HttpStatusCode> PollHealthAsync(HttpClient client, HttpStatusCode wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = (await client.GetAsync("/health", cancellationToken)).StatusCode;
            if (status == wanted)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
