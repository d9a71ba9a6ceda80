using Fortify.ScanAgent.Extensions;
using Fortify.ScanAgent.Findings;
using Fortify.ScanAgent.Jobs;
using Fortify.ScanAgent.Repositories;
using Fortify.ScanAgent.Security;
using Fortify.ScanAgent.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();

var internalApi = app.MapGroup("/internal").RequireAgentApiKey();
internalApi.MapGroup("/deliveries").MapDeliveryIntakeApi();

var api = app.MapGroup("/api").RequireAgentApiKey();
api.MapGroup("/deliveries").MapDeliveriesApi();
api.MapGroup("/jobs").MapJobsApi().MapFindingsApi();
api.MapGroup("/dead-letters").MapDeadLettersApi();
api.MapGroup("/repositories").MapRepositoriesApi();

app.Run();
