using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Fortify.Core.Persistence;

public static class FortifyDatabaseExtensions
{
    /// <summary>
    /// Registers <see cref="FortifyDbContext"/> (pooled, with Aspire's health check, retries and telemetry) over a
    /// connection string tuned for many short statements: pooled connections keep their prepared statements instead
    /// of being reset with <c>DISCARD ALL</c> on every open, and the hot statements are prepared automatically.
    /// </summary>
    public static void AddFortifyDatabase(this IHostApplicationBuilder builder) =>
        builder.AddNpgsqlDbContext<FortifyDbContext>(FortifyDbContext.ConnectionName, settings =>
        {
            if (string.IsNullOrEmpty(settings.ConnectionString))
            {
                return;
            }

            // Nothing in Fortify changes session state, so a connection handed back needs no reset.
            var connection = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { NoResetOnClose = true };
            if (connection.MaxAutoPrepare == 0)
            {
                connection.MaxAutoPrepare = 64;
                connection.AutoPrepareMinUsages = 2;
            }

            settings.ConnectionString = connection.ConnectionString;
        });
}
