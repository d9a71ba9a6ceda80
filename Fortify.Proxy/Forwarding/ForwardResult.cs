using Fortify.Core.Webhooks;

namespace Fortify.Proxy.Forwarding;

/// <summary>How the scan agent took a delivery.</summary>
internal abstract record ForwardResult
{
    /// <summary>Stored by the agent: durable.</summary>
    public sealed record Accepted(DeliveryReceipt Receipt) : ForwardResult;

    /// <summary>The agent refused the delivery itself; sending it again would not help.</summary>
    public sealed record Rejected(int StatusCode, string Reason) : ForwardResult;

    /// <summary>The agent could not be reached or could not store it now; the delivery must be spooled.</summary>
    public sealed record Unavailable(string Reason) : ForwardResult;
}
