using Fortify.GitHubEmulator.Control;
using Fortify.GitHubEmulator.Repositories;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
builder.Services.AddSingleton<EmulatedRepositories>();
builder.Services.AddSingleton<RequestLog>();
builder.Services.AddSingleton<Faults>();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseMiddleware<RequestLogMiddleware>();
app.UseMiddleware<FaultMiddleware>();
app.MapGroup("/api/v3/repos").MapRepositoriesApi();
app.MapGroup("/_emulator").MapEmulatorControlApi();

app.Run();
