using Fortify.Core.Persistence;
using Fortify.Core.Queues;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Fortify.ScanAgent.Jobs;

/// <summary>
/// Moves committed outbox rows to their Redis job streams and deletes them, in one transaction: a crash in between
/// sends an entry twice, never zero times; workers skip a job that is no longer queued. Deleting, not marking, keeps
/// the table as small as the backlog and costs no new row version or index entry.
/// </summary>
internal sealed class OutboxPublisher(IServiceScopeFactory scopes, IConnectionMultiplexer redis, TimeProvider clock)
{
    /// <summary>Publishes up to <paramref name="batchSize"/> rows that no other relay holds.</summary>
    public async Task<int> PublishPendingAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FortifyDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // SKIP LOCKED lets several agent replicas relay side by side without taking the same rows.
            var pending = await db.Database.SqlQuery<PendingMessage>($"""
                SELECT "Id", "JobId", "Stream" FROM outbox_messages
                ORDER BY "Id" LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            await PublishAsync(db, pending.Select(m => (m.Id, m.JobId, m.Stream)).ToList(), ct);
            await transaction.CommitAsync(ct);
            return pending.Count;
        }, cancellationToken);
    }

    private async Task PublishAsync(FortifyDbContext db, IReadOnlyList<(long Id, Guid JobId, string Stream)> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        // Marked before the entries go out, in the caller's transaction: the job rows stay locked until the commit, so
        // a worker that takes an entry at once waits for it, and its retry (which clears DispatchedAt for the sweeper)
        // always lands after this mark, never under it. A job no longer queued and due keeps its mark: its entry is
        // skipped by the workers and it is the sweeper's to dispatch when due.
        // The jobs are found by key alone, with the state tested in the SET: a state test in the WHERE lets the
        // planner walk the whole queue through a partial index whenever its statistics lag behind a burst.
        var ids = messages.Select(m => m.Id).ToArray();
        var jobIds = messages.Select(m => m.JobId).ToArray();
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            WITH published AS (
                DELETE FROM outbox_messages WHERE "Id" = ANY({ids})
            )
            UPDATE scan_jobs SET "DispatchedAt" = CASE
                WHEN "Status" = 'Queued' AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now}) THEN {now}
                ELSE "DispatchedAt" END
            WHERE "JobId" = ANY({jobIds})
            """, cancellationToken);

        var redisDb = redis.GetDatabase();
        await Task.WhenAll(messages.Select(m => redisDb.StreamAddAsync(m.Stream,
        [
            new NameValueEntry(JobQueueEntry.JobId, m.JobId.ToString()),
            new NameValueEntry(JobQueueEntry.OutboxId, m.Id),
        ])));
    }

    private sealed record PendingMessage(long Id, Guid JobId, string Stream);
}
