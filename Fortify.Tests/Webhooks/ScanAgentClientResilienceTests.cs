extern alias Proxy;

using System.Net;
using Fortify.Core.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Proxy::Fortify.Proxy.Forwarding;

namespace Fortify.Tests.Webhooks;

/// <summary>
/// The proxy's client for the scan agent, against a scripted agent: a call that failed is tried once more (another
/// replica may take it), a call that timed out is not (the agent may still be storing it, and a second copy only loads
/// an agent that is already slow), and either way the proxy learns in time to spool the delivery.
/// </summary>
public sealed class ScanAgentClientResilienceTests
{
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_call_that_times_out_is_sent_once_and_reported_unavailable()
    {
        var agent = new ScriptedAgent(async ct =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            return new HttpResponseMessage(HttpStatusCode.Created);
        });

        var result = await ForwardAsync(agent);

        Assert.IsType<ForwardResult.Unavailable>(result);
        Assert.Equal(1, agent.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.BadGateway)]
    public async Task A_call_that_fails_is_sent_once_more(HttpStatusCode failure)
    {
        var agent = new ScriptedAgent(_ => Task.FromResult(new HttpResponseMessage(failure)));

        var result = await ForwardAsync(agent);

        Assert.IsType<ForwardResult.Unavailable>(result);
        Assert.Equal(2, agent.Calls);
    }

    [Fact]
    public async Task A_refusal_of_the_delivery_itself_is_not_sent_again()
    {
        var agent = new ScriptedAgent(_ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent("""{"detail":"No X-GitHub-Event header."}""", System.Text.Encoding.UTF8, "application/problem+json"),
        }));

        var result = await ForwardAsync(agent);

        Assert.Equal(new ForwardResult.Rejected(400, "No X-GitHub-Event header."), result);
        Assert.Equal(1, agent.Calls);
    }

    private static async Task<ForwardResult> ForwardAsync(ScriptedAgent agent)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ScanAgent:Url"] = "http://scan-agent.test",
            ["ScanAgent:ApiKey"] = "a-test-credential-of-enough-length",
            ["ScanAgent:Timeout"] = AgentTimeout.ToString(),
        });
        builder.AddScanAgentClient();
        builder.Services.AddHttpClient<ScanAgentClient>().ConfigurePrimaryHttpMessageHandler(() => agent);
        using var host = builder.Build();

        var envelope = new WebhookEnvelope(Guid.NewGuid().ToString(), "push", "{}"u8.ToArray(),
            new Dictionary<string, string> { [GitHubHeaders.Event] = "push" }, SourceAddress: null, DateTimeOffset.UtcNow);
        return await host.Services.GetRequiredService<ScanAgentClient>().ForwardAsync(envelope, CancellationToken.None);
    }

    /// <summary>Answers every call with the script, and counts the calls that reached it.</summary>
    private sealed class ScriptedAgent(Func<CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return answer(cancellationToken);
        }
    }
}
