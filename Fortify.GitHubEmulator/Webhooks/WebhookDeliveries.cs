using System.Collections.Concurrent;

namespace Fortify.GitHubEmulator.Webhooks;

/// <summary>One webhook the emulator sent (or recorded without a URL to send it to: status code 0).</summary>
/// <param name="Duration">Seconds, as GitHub reports it.</param>
internal sealed record WebhookDelivery(
    long Id,
    Guid Guid,
    string Event,
    string? Action,
    int StatusCode,
    DateTimeOffset DeliveredAt,
    double Duration,
    string? ResponseBody,
    long InstallationId,
    long? RepositoryId)
{
    /// <summary>GitHub's summary of the outcome.</summary>
    public string Status => StatusCode switch
    {
        0 => "failed to connect to host",
        >= 200 and < 300 => "OK",
        _ => $"Invalid HTTP Response: {StatusCode}",
    };
}

internal sealed class WebhookDeliveries
{
    private readonly ConcurrentQueue<WebhookDelivery> _deliveries = new();
    private long _lastId;

    public long NextId() => Interlocked.Increment(ref _lastId);

    public void Add(WebhookDelivery delivery) => _deliveries.Enqueue(delivery);

    public IEnumerable<WebhookDelivery> All => _deliveries;
}
