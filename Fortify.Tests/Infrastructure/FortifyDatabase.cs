using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Fortify.Tests.Infrastructure;

/// <summary>Straight reads of the stack's Postgres, for state no API shows (and query plans).</summary>
public sealed class FortifyDatabase(string connectionString)
{
    public static async Task<FortifyDatabase> OfAsync(FortifyStack stack)
    {
        // Local infrastructure serves the database from the server resource; containers add a database resource.
        var name = stack.Model.Resources.Any(r => r.Name == "fortify") ? "fortify" : "postgres";
        // Unpooled: tests on the disrupted stack restart Postgres, and a pooled connection from before the restart
        // fails the next test that takes it ("terminating connection due to administrator command").
        var connection = new NpgsqlConnectionStringBuilder(await stack.App.GetConnectionStringAsync(name)) { Pooling = false };
        return new(connection.ConnectionString);
    }

    /// <summary>A context of the product's own model, to call its statements directly.</summary>
    public Fortify.Core.Persistence.FortifyDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<Fortify.Core.Persistence.FortifyDbContext>().UseNpgsql(connectionString).Options);

    /// <summary>The first column of every row, as text.</summary>
    public async Task<List<string?>> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<string?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return rows;
    }

    /// <summary>Holds a lock on <paramref name="table"/> that lets readers in but makes every writer wait, until disposed.</summary>
    public async Task<IAsyncDisposable> LockAgainstWritesAsync(string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"LOCK TABLE {table} IN EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new TableLock(connection, transaction);
    }

    private sealed class TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
