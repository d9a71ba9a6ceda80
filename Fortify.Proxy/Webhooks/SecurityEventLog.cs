namespace Fortify.Proxy.Webhooks;

/// <summary>Rejections are security events: who sent what and why it was refused; never a secret or a body.</summary>
internal static partial class SecurityEventLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Security: webhook rejected with {StatusCode} from {SourceAddress}, delivery {DeliveryId}, event {Event}: {Reason}")]
    public static partial void WebhookRejected(
        this ILogger logger, int statusCode, string? sourceAddress, string? deliveryId, string? @event, string reason);
}
