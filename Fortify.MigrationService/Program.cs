using Fortify.Core.Persistence;
using Fortify.MigrationService;

var builder = Host.CreateApplicationBuilder(args);

builder.AddBasicServiceDefaults();
builder.AddNpgsqlDbContext<FortifyDbContext>(FortifyDbContext.ConnectionName);
builder.Services.AddHostedService<DatabaseMigrator>();

builder.Build().Run();
