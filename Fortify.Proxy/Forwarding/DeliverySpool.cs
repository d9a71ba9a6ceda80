using System.Text.Json;
using Fortify.Core.Queues;
using Fortify.Core.Webhooks;
using StackExchange.Redis;

namespace Fortify.Proxy.Forwarding;

/// <summary>
/// A Redis stream that keeps verified deliveries while the scan agent cannot take them. Entries leave it only
/// once the agent has stored them.
/// </summary>
internal sealed class DeliverySpool(IConnectionMultiplexer redis, ILogger<DeliverySpool> logger)
{
    public const string ConsumerGroup = "fortify-proxies";

    private IDatabase Database => redis.GetDatabase();

    /// <summary>
    /// How long a delivery may wait for Redis: with the agent's budget (<see cref="ScanAgentOptions.Timeout"/> plus a
    /// second) GitHub is still answered within its 10 seconds. An add that lands later is forwarded all the same.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    public async Task<bool> TryAddAsync(WebhookEnvelope envelope, string reason)
    {
        try
        {
            await Database.StreamAddAsync(JobStreams.WebhookSpool,
            [
                new NameValueEntry("delivery_id", envelope.DeliveryId),
                new NameValueEntry("event", envelope.Event),
                new NameValueEntry("body", envelope.Body),
                new NameValueEntry("headers", JsonSerializer.Serialize(envelope.Headers)),
                new NameValueEntry("source", envelope.SourceAddress ?? ""),
                new NameValueEntry("received_at", envelope.ReceivedAt.ToUnixTimeMilliseconds()),
            ]).WaitAsync(Patience);
            logger.LogWarning("Delivery {DeliveryId} ({Event}) spooled: {Reason}", envelope.DeliveryId, envelope.Event, reason);
            return true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogError(exception, "Delivery {DeliveryId} could be neither forwarded nor spooled", envelope.DeliveryId);
            return false;
        }
    }

    public async Task EnsureGroupAsync()
    {
        try
        {
            await Database.StreamCreateConsumerGroupAsync(JobStreams.WebhookSpool, ConsumerGroup, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another proxy made it first.
        }
    }

    /// <summary>This consumer's unfinished entries first, then ones abandoned by a proxy that died, then new ones.</summary>
    public async Task<IReadOnlyList<StreamEntry>> ReadAsync(string consumer, int count, TimeSpan abandonedAfter)
    {
        var own = await Database.StreamReadGroupAsync(JobStreams.WebhookSpool, ConsumerGroup, consumer, StreamPosition.Beginning, count);
        if (own.Length > 0)
        {
            return own;
        }

        var claimed = await Database.StreamAutoClaimAsync(
            JobStreams.WebhookSpool, ConsumerGroup, consumer, (long)abandonedAfter.TotalMilliseconds, StreamPosition.Beginning, count);
        if (claimed.ClaimedEntries.Length > 0)
        {
            return claimed.ClaimedEntries;
        }

        return await Database.StreamReadGroupAsync(JobStreams.WebhookSpool, ConsumerGroup, consumer, StreamPosition.NewMessages, count);
    }

    public async Task RemoveAsync(RedisValue entryId)
    {
        await Database.StreamAcknowledgeAsync(JobStreams.WebhookSpool, ConsumerGroup, entryId);
        await Database.StreamDeleteAsync(JobStreams.WebhookSpool, [entryId]);
    }

    public static WebhookEnvelope ToEnvelope(StreamEntry entry)
    {
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(entry["headers"].ToString())
            ?? throw new InvalidDataException($"Spool entry {entry.Id} has no headers.");
        return new WebhookEnvelope(
            entry["delivery_id"].ToString(),
            entry["event"].ToString(),
            (byte[])entry["body"]!,
            headers,
            entry["source"].IsNullOrEmpty ? null : entry["source"].ToString(),
            DateTimeOffset.FromUnixTimeMilliseconds((long)entry["received_at"]));
    }
}
