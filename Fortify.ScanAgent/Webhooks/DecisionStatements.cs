using Fortify.Core.Persistence;
using Microsoft.EntityFrameworkCore;
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
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var batch = new NpgsqlBatch(connection);
                foreach (var statement in statements)
                {
                    batch.BatchCommands.Add(statement);
                }

                var rows = new List<DecisionRow>(statements.Count);
                await using var reader = await batch.ExecuteReaderAsync(ct);
                do
                {
                    if (!await reader.ReadAsync(ct))
                    {
                        throw new InvalidOperationException("A decision statement answered no row.");
                    }

                    rows.Add(new DecisionRow(reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetBoolean(2)));
                }
                while (await reader.NextResultAsync(ct));

                return (IReadOnlyList<DecisionRow>)rows;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, cancellationToken);
    }

    public static NpgsqlParameter Parameter(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}

/// <summary>
/// What one decision statement did: whether it claimed the undecided delivery, the job it was answered with, and
/// whether that job is new.
/// </summary>
internal sealed record DecisionRow(bool Claimed, Guid? JobId, bool Created);
