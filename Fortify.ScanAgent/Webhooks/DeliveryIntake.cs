using Fortify.Core.Batching;
using Fortify.Core.Webhooks;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>
/// The way in for every delivery: store, then decide. Concurrent requests share both steps: deliveries that arrive
/// while a batch is being stored are stored together in the next (one insert, one commit), and so are decisions. The
/// two steps run side by side, so one batch is decided while the next is stored. Idle, a delivery goes alone.
/// </summary>
internal sealed class DeliveryIntake : IAsyncDisposable
{
    private const int MaxBatch = 64;

    /// <summary>
    /// How long one batch may take, database retries included. The proxy spools a delivery it has waited for longer
    /// than this (its time-out is at most 5 s, as GitHub gives up after 10), so a batch still retrying after an outage
    /// only holds up the deliveries queued behind it; past the deadline they are answered 503 and the proxy spools them.
    /// </summary>
    public static readonly TimeSpan BatchDeadline = TimeSpan.FromSeconds(8);
    private readonly OpportunisticBatcher<WebhookEnvelope, StoredDelivery> _store;
    private readonly OpportunisticBatcher<PendingDelivery, DeliveryReceipt> _decide;

    public DeliveryIntake(IServiceScopeFactory scopes)
    {
        _store = new(async envelopes =>
        {
            using var deadline = new CancellationTokenSource(BatchDeadline);
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<DeliveryStore>().StoreAllAsync(envelopes, deadline.Token);
        }, MaxBatch);
        _decide = new(async deliveries =>
        {
            using var deadline = new CancellationTokenSource(BatchDeadline);
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<DeliveryProcessor>().DecideAllAsync(deliveries, deadline.Token);
        }, MaxBatch);
    }

    /// <summary>The receipt, and whether this request is the one that stored the delivery.</summary>
    public async Task<(DeliveryReceipt Receipt, bool IsNew)> AcceptAsync(WebhookEnvelope envelope)
    {
        var stored = await _store.RunAsync(envelope);
        if (stored.IsDecided)
        {
            return (stored.ToReceipt(), stored.IsNew);
        }

        return (await _decide.RunAsync(new PendingDelivery(stored, envelope.Event, envelope.Headers, envelope.Body)), stored.IsNew);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _decide.DisposeAsync();
    }
}
