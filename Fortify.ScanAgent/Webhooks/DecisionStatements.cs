using Fortify.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Fortify.ScanAgent.Webhooks;

/// <summary>
/// Runs the statements that decide a batch of deliveries in one round trip. They share one implicit transaction and
/// one commit, each with its own snapshot, so a later statement sees what an earlier one made (a second delivery
/// for the same commit finds the job the first created). Every statement answers one <see cref="DecisionRow"/>.
/// </summary>
internal static class DecisionStatements
{
    public static async Task<IReadOnlyList<DecisionRow>> ExecuteAsync(
        FortifyDbContext db, IReadOnlyList<NpgsqlBatchCommand> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return [];
        }

        // Through EF's retrying strategy, like every other statement: after a database restart the pool's first
        // connections are broken, and a retry on a fresh one succeeds. Safe to repeat: a statement only claims an
        // undecided delivery, so a batch that committed before its answer was lost claims nothing the second time.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                return await RunAsync(new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection()), statements, ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Runs the statements in the caller's open transaction, which owns the connection and the retries: opening or
    /// closing the connection here, or retrying inside it, would pull the ground from under the caller.
    /// </summary>
    public static async Task<IReadOnlyList<DecisionRow>> ExecuteInTransactionAsync(
        FortifyDbContext db, IReadOnlyList<NpgsqlBatchCommand> statements, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("No transaction is open to run the decision statements in.");
        return statements.Count == 0 ? [] : await RunAsync(new NpgsqlBatch(transaction.Connection, transaction), statements, cancellationToken);
    }

    private static async Task<IReadOnlyList<DecisionRow>> RunAsync(
        NpgsqlBatch batch, IReadOnlyList<NpgsqlBatchCommand> statements, CancellationToken cancellationToken)
    {
        await using (batch)
        {
            foreach (var statement in statements)
            {
                batch.BatchCommands.Add(statement);
            }

            var rows = new List<DecisionRow>(statements.Count);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            do
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    throw new InvalidOperationException("A decision statement answered no row.");
                }

                rows.Add(new DecisionRow(reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetBoolean(2)));
            }
            while (await reader.NextResultAsync(cancellationToken));

            return rows;
        }
    }

    public static NpgsqlParameter Parameter(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}

/// <summary>
/// What one decision statement did: whether it claimed the undecided delivery, the job it was answered with, and
/// whether that job is new.
/// </summary>
internal sealed record DecisionRow(bool Claimed, Guid? JobId, bool Created);
