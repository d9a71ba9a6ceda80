using Fortify.Core.Webhooks;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>A stored delivery in the webhook event structure: what it was, for what, and what became of it.</summary>
internal sealed record DeliveryResponse(
    string EventId,
    string EventType,
    string? Repository,
    DeliveryMetadata Metadata,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ProcessedAt)
{
    public static DeliveryResponse From(WebhookDelivery d) => new(
        d.DeliveryId,
        d.Event,
        d.Repository,
        new DeliveryMetadata(d.Action, d.HookId, d.InstallationId, d.Outcome, d.OutcomeReason, d.JobId, d.Attempts, d.Headers),
        d.ReceivedAt,
        d.ProcessedAt);
}

internal sealed record DeliveryMetadata(
    string? Action,
    long HookId,
    long? InstallationId,
    DeliveryOutcome Outcome,
    string? OutcomeReason,
    Guid? JobId,
    int Attempts,
    IReadOnlyDictionary<string, string> Headers);
