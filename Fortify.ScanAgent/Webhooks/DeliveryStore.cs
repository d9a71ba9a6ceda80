using System.Text.Json;
using Fortify.Core.Persistence;
using Fortify.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>Keeps deliveries exactly as they came, deduplicated on (hook id, delivery id).</summary>
internal sealed class DeliveryStore(FortifyDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Stores every delivery not stored yet in one atomic insert, committed on its own, so each is durable before
    /// anything parses it and concurrent redeliveries cannot both win. Many requests share the statement and its
    /// commit; the results are in the order of <paramref name="envelopes"/>, a delivery sent twice in one batch is new
    /// once.
    /// </summary>
    public async Task<IReadOnlyList<StoredDelivery>> StoreAllAsync(IReadOnlyList<WebhookEnvelope> envelopes, CancellationToken cancellationToken)
    {
        var keys = envelopes.Select(e => new DeliveryKey(HookIdOf(e), e.DeliveryId)).ToList();
        // Sorted like the unique index, so two replicas inserting the same redeliveries take its locks in one order
        // and never deadlock.
        var unique = envelopes.Select((e, i) => (Key: keys[i], Envelope: e))
            .DistinctBy(u => u.Key).OrderBy(u => u.Key.DeliveryId, StringComparer.Ordinal).ThenBy(u => u.Key.HookId).ToList();

        // Through EF's retrying strategy (a broken pooled connection after a database restart gets a fresh one). Safe
        // to repeat: what the first try stored is not inserted again and is read below like any redelivery.
        var found = await db.Database.CreateExecutionStrategy().ExecuteAsync(ct => InsertAsync(unique, ct), cancellationToken);
        foreach (var key in unique.Select(u => u.Key).Where(k => !found.ContainsKey(k)))
        {
            // Stored before: a redelivery, or a request stored alongside this batch.
            found[key] = await FindAsync(key, cancellationToken);
        }

        var answered = new HashSet<DeliveryKey>();
        return keys.Select(key => found[key] with { IsNew = found[key].IsNew && answered.Add(key) }).ToList();
    }

    private async Task<Dictionary<DeliveryKey, StoredDelivery>> InsertAsync(
        List<(DeliveryKey Key, WebhookEnvelope Envelope)> deliveries, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(InsertSql, connection);
            command.Parameters.Add(DecisionStatements.Parameter(deliveries.Select(d => d.Key.HookId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint));
            command.Parameters.Add(DecisionStatements.Parameter(deliveries.Select(d => d.Key.DeliveryId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
            command.Parameters.Add(DecisionStatements.Parameter(deliveries.Select(d => d.Envelope.Event).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
            command.Parameters.Add(DecisionStatements.Parameter(deliveries.Select(d => JsonSerializer.Serialize(d.Envelope.Headers)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb));
            command.Parameters.Add(DecisionStatements.Parameter(deliveries.Select(d => d.Envelope.Body).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bytea));
            command.Parameters.Add(DecisionStatements.Parameter(deliveries.Select(d => d.Envelope.ReceivedAt.UtcDateTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz));

            var found = new Dictionary<DeliveryKey, StoredDelivery>(deliveries.Count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = new DeliveryKey(reader.GetInt64(1), reader.GetString(2));
                found[key] = new StoredDelivery(reader.GetInt64(0), key.DeliveryId, IsNew: true, DeliveryOutcome.Received, null, null);
            }

            return found;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // The redeliveries it leaves out are read one by one afterwards: rare, and a join here would make every batch
    // pay for them.
    private const string InsertSql = """
        INSERT INTO webhook_deliveries ("HookId", "DeliveryId", "Event", "Headers", "Body", "ReceivedAt", "Outcome", "Attempts")
        SELECT hook_id, delivery_id, event, headers, body, received_at, 'Received', 0
        FROM unnest($1::bigint[], $2::text[], $3::text[], $4::jsonb[], $5::bytea[], $6::timestamptz[])
            AS i(hook_id, delivery_id, event, headers, body, received_at)
        ON CONFLICT ("HookId", "DeliveryId") DO NOTHING
        RETURNING "Id", "HookId", "DeliveryId"
        """;

    private static long HookIdOf(WebhookEnvelope envelope) =>
        envelope.Headers.TryGetValue(GitHubHeaders.HookId, out var hook) && long.TryParse(hook, out var parsed) ? parsed : 0;

    private Task<StoredDelivery> FindAsync(DeliveryKey key, CancellationToken cancellationToken) =>
        db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.HookId == key.HookId && d.DeliveryId == key.DeliveryId)
            .Select(d => new StoredDelivery(d.Id, d.DeliveryId, false, d.Outcome, d.JobId, d.OutcomeReason))
            .SingleAsync(cancellationToken);

    /// <summary>
    /// Records the outcome of a decision that made no job, in the caller's open transaction. False when the delivery
    /// was already decided (and this is not a replay): the first outcome stands.
    /// </summary>
    public async Task<bool> RecordAsync(DeliveryDecision delivery, DeliveryOutcome outcome, string? reason, CancellationToken cancellationToken) =>
        (await DecisionStatements.ExecuteInTransactionAsync(db, [RecordStatement(delivery, outcome, reason)], cancellationToken)).Single().Claimed;

    /// <summary>
    /// <see cref="RecordAsync"/> as a statement to batch with other decisions; its row is not claimed when the
    /// delivery was already decided.
    /// </summary>
    public NpgsqlBatchCommand RecordStatement(DeliveryDecision delivery, DeliveryOutcome outcome, string? reason)
    {
        var command = new NpgsqlBatchCommand("""
            WITH recorded AS (
                UPDATE webhook_deliveries
                SET "Action" = $2, "Repository" = $3, "InstallationId" = $4, "Outcome" = $5, "OutcomeReason" = $6,
                    "JobId" = NULL, "ProcessedAt" = $7, "Attempts" = "Attempts" + 1
                WHERE "Id" = $1 AND ($8 OR "Outcome" NOT IN ('Processed', 'Ignored'))
                RETURNING 1
            )
            SELECT EXISTS (SELECT 1 FROM recorded), NULL::uuid, FALSE
            """);
        command.Parameters.Add(DecisionStatements.Parameter(delivery.Id, NpgsqlDbType.Bigint));
        command.Parameters.Add(DecisionStatements.Parameter(delivery.Action, NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(delivery.Repository, NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(delivery.InstallationId, NpgsqlDbType.Bigint));
        command.Parameters.Add(DecisionStatements.Parameter(outcome.ToString(), NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(reason, NpgsqlDbType.Text));
        command.Parameters.Add(DecisionStatements.Parameter(clock.GetUtcNow().UtcDateTime, NpgsqlDbType.TimestampTz));
        command.Parameters.Add(DecisionStatements.Parameter(delivery.Replay, NpgsqlDbType.Boolean));
        return command;
    }

    /// <summary>Marks a delivery whose processing threw, so a redelivery or replay takes it up again.</summary>
    public Task RecordFailureAsync(long id, string reason, CancellationToken cancellationToken) =>
        db.WebhookDeliveries.Where(d => d.Id == id && d.Outcome != DeliveryOutcome.Processed && d.Outcome != DeliveryOutcome.Ignored)
            .ExecuteUpdateAsync(update => update
                .SetProperty(d => d.Outcome, DeliveryOutcome.Failed)
                .SetProperty(d => d.OutcomeReason, reason)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);

    /// <summary>What a delivery was answered with, for a redelivery or a processor that lost the race.</summary>
    public Task<StoredDelivery> FindAsync(long id, CancellationToken cancellationToken) =>
        db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Id == id)
            .Select(d => new StoredDelivery(d.Id, d.DeliveryId, false, d.Outcome, d.JobId, d.OutcomeReason))
            .SingleAsync(cancellationToken);
}

/// <summary>What makes a delivery unique: GitHub numbers deliveries per hook.</summary>
internal readonly record struct DeliveryKey(long HookId, string DeliveryId);

/// <summary>A stored delivery's key and outcome, without its body.</summary>
internal sealed record StoredDelivery(long Id, string DeliveryId, bool IsNew, DeliveryOutcome Outcome, Guid? JobId, string? Reason)
{
    public bool IsDecided => Outcome is DeliveryOutcome.Processed or DeliveryOutcome.Ignored;

    public DeliveryReceipt ToReceipt() => new(DeliveryId, Outcome.ToString().ToLowerInvariant(), JobId, Reason);
}
