namespace Fortify.Core.Webhooks;

/// <summary>A delivery as it came off the wire: the raw body the signature covers and the headers worth keeping.</summary>
public sealed record WebhookEnvelope(
    string DeliveryId,
    string Event,
    byte[] Body,
    IReadOnlyDictionary<string, string> Headers,
    string? SourceAddress,
    DateTimeOffset ReceivedAt);
