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

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch(connection);
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
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static NpgsqlParameter Parameter(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}

/// <summary>
/// What one decision statement did: whether it claimed the undecided delivery, the job it was answered with, and
/// whether that job is new.
/// </summary>
internal sealed record DecisionRow(bool Claimed, Guid? JobId, bool Created);
