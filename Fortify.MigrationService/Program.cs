using Fortify.Core.Persistence;
using Fortify.MigrationService;

var builder = Host.CreateApplicationBuilder(args);

builder.AddBasicServiceDefaults();
builder.AddFortifyDatabase();
builder.Services.AddHostedService<DatabaseMigrator>();

builder.Build().Run();
