using Aspire.Hosting;

namespace Fortify.Tests.Infrastructure;

/// <summary>The stack signed in to the emulator with a personal access token: reports are commit statuses.</summary>
public sealed class TokenAuthenticatedStack() : FortifyStack(TokenAuth)
{
    /// <summary>How long one GitHub call of the scan agent may take, held up on purpose by a test.</summary>
    public static readonly TimeSpan AgentAttemptTimeout = TimeSpan.FromSeconds(55);

    /// <summary>How long an idle worker waits before it looks for a new job again (the most it may).</summary>
    public static readonly TimeSpan WorkerIdlePoll = TimeSpan.FromSeconds(5);

    // A test holds the agent's pending status at the emulator for longer than a whole scan takes on a loaded machine,
    // which the default 20 s attempt would give up on; and it needs the agent, not a worker, to take a new job first,
    // which a worker that looks for jobs only every few seconds makes likely.
    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        Project(builder, "scan-agent").WithEnvironment("GitHub__Resilience__AttemptTimeout", AgentAttemptTimeout.ToString("c"));
        Project(builder, "worker").WithEnvironment("Worker__IdlePollInterval", WorkerIdlePoll.ToString("c"));
    }
}
