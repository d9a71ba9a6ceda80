using System.Text.Json;
using Fortify.Core.Persistence;
using Fortify.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>Keeps deliveries exactly as they came, deduplicated on (hook id, delivery id).</summary>
internal sealed class DeliveryStore(FortifyDbContext db)
{
    /// <summary>Stores the delivery unless it is already stored; one atomic insert, so concurrent redeliveries cannot both win.</summary>
    public async Task<(long Id, bool IsNew)> StoreAsync(WebhookEnvelope envelope, CancellationToken cancellationToken)
    {
        var hookId = envelope.Headers.TryGetValue(GitHubHeaders.HookId, out var hook) && long.TryParse(hook, out var parsed) ? parsed : 0;
        var headers = JsonSerializer.Serialize(envelope.Headers);
        var inserted = await db.Database.SqlQuery<long>($"""
            INSERT INTO webhook_deliveries ("HookId", "DeliveryId", "Event", "Headers", "Body", "ReceivedAt", "Outcome", "Attempts")
            VALUES ({hookId}, {envelope.DeliveryId}, {envelope.Event}, {headers}::jsonb, {envelope.Body}, {envelope.ReceivedAt}, 'Received', 0)
            ON CONFLICT ("HookId", "DeliveryId") DO NOTHING
            RETURNING "Id" AS "Value"
            """).ToListAsync(cancellationToken);
        if (inserted.Count == 1)
        {
            return (inserted[0], true);
        }

        var existing = await db.WebhookDeliveries
            .Where(d => d.HookId == hookId && d.DeliveryId == envelope.DeliveryId)
            .Select(d => d.Id)
            .SingleAsync(cancellationToken);
        return (existing, false);
    }
}
