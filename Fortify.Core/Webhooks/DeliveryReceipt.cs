namespace Fortify.Core.Webhooks;

/// <summary>What GitHub is answered with once a delivery is durable.</summary>
/// <param name="Status">
/// <c>processed</c>, <c>ignored</c> or <c>failed</c> (stored, to be processed again on redelivery or replay) from
/// the scan agent; <c>spooled</c> when the proxy kept it for the agent; <c>pong</c> for a ping.
/// </param>
public sealed record DeliveryReceipt(string DeliveryId, string Status, Guid? JobId = null, string? Reason = null);
