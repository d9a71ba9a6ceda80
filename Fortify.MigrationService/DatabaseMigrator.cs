using System.Diagnostics;
using Fortify.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Fortify.MigrationService;

/// <summary>
/// Applies the EF Core migrations once, then stops the process: the services wait for it to finish,
/// so none of them ever starts against an old schema.
/// </summary>
internal sealed class DatabaseMigrator(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseMigrator> logger) : BackgroundService
{
    public static readonly ActivitySource ActivitySource = new("Fortify.Migrations");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = ActivitySource.StartActivity("Migrating database", ActivityKind.Client);
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FortifyDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(stoppingToken)).ToList();
            await db.Database.CreateExecutionStrategy()
                .ExecuteAsync(() => db.Database.MigrateAsync(stoppingToken));
            logger.LogInformation("Database is up to date; applied {Count} migration(s): {Migrations}",
                pending.Count, string.Join(", ", pending));
        }
        catch (Exception exception)
        {
            activity?.AddException(exception);
            logger.LogCritical(exception, "Database migration failed");
            // A non-zero exit keeps every service that waits for the migration from starting.
            Environment.ExitCode = 1;
        }

        lifetime.StopApplication();
    }
}
