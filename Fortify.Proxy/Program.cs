using Fortify.Proxy.Extensions;
using Fortify.Proxy.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapGroup("/webhooks").MapWebhookIntakeApi();

app.Run();
