using Fortify.GitHubEmulator;
using Fortify.GitHubEmulator.Apps;
using Fortify.GitHubEmulator.Authentication;
using Fortify.GitHubEmulator.Checks;
using Fortify.GitHubEmulator.Control;
using Fortify.GitHubEmulator.Diffs;
using Fortify.GitHubEmulator.Git;
using Fortify.GitHubEmulator.Pulls;
using Fortify.GitHubEmulator.RateLimits;
using Fortify.GitHubEmulator.Repositories;
using Fortify.GitHubEmulator.Statuses;
using Fortify.GitHubEmulator.Tarballs;
using Fortify.GitHubEmulator.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
builder.Services.Configure<EmulatorOptions>(builder.Configuration.GetSection(EmulatorOptions.Section));
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton<GitRunner>();
builder.Services.AddSingleton<GitCommands>();
builder.Services.AddSingleton<GitDiff>();
builder.Services.AddSingleton<EmulatedRepositories>();
builder.Services.AddSingleton<PullRequests>();
builder.Services.AddSingleton<PullRequestJson>();
builder.Services.AddSingleton<CheckRuns>();
builder.Services.AddSingleton<CommitStatuses>();
builder.Services.AddSingleton<TarballOverrides>();
builder.Services.AddSingleton<CodeloadLinks>();
builder.Services.AddSingleton<AccessTokens>();
builder.Services.AddSingleton<AppKeys>();
builder.Services.AddSingleton<AppJwtValidator>();
builder.Services.AddSingleton<RateLimits>();
builder.Services.AddSingleton<WebhookDeliveries>();
builder.Services.AddSingleton<WebhookSender>();
builder.Services.AddSingleton<CommitPusher>();
builder.Services.AddSingleton<PullRequestOpener>();
builder.Services.AddSingleton<RequestLog>();
builder.Services.AddSingleton<Faults>();
// GitHub delivers each webhook once; the service defaults' retries would be deliveries GitHub never makes.
#pragma warning disable EXTEXP0001 // The only way to take the defaults' resilience off one client; pinned package.
builder.Services.AddHttpClient(WebhookSender.ClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

var app = builder.Build();

// Before routing: a minimal API endpoint refuses a body that does not say it is JSON while it is being matched.
app.UseMiddleware<JsonBodyMiddleware>();
app.UseRouting();
app.MapDefaultEndpoints();
app.UseMiddleware<RequestLogMiddleware>();
app.UseMiddleware<RateLimitMiddleware>();
app.UseMiddleware<FaultMiddleware>();
app.UseMiddleware<AuthenticationMiddleware>();

var api = app.MapGroup("/api/v3");
api.MapRateLimitApi().MapAppsApi().MapHookDeliveriesApi();
api.MapGroup("/repos")
    .MapRepositoriesApi()
    .MapCompareApi()
    .MapPullsApi()
    .MapTarballsApi()
    .MapCheckRunsApi()
    .MapStatusesApi();
app.MapCodeload();
app.MapGroup("/_emulator").MapEmulatorControlApi();

app.Run();

/// <summary>Public so tests can start the emulator in process with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
