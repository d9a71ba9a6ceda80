namespace Fortify.Core.Webhooks;

/// <summary>One GitHub delivery exactly as it arrived, kept for audit and replay.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }

    /// <summary>The hook that sent it (<c>X-GitHub-Hook-ID</c>); 0 when GitHub did not say.</summary>
    public long HookId { get; set; }

    public required string DeliveryId { get; set; }
    public required string Event { get; set; }
    public string? Action { get; set; }
    public string? Repository { get; set; }
    public long? InstallationId { get; set; }
    public required Dictionary<string, string> Headers { get; set; }
    public required byte[] Body { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public DeliveryOutcome Outcome { get; set; }
    public string? OutcomeReason { get; set; }
    public Guid? JobId { get; set; }
    public int Attempts { get; set; }
}
