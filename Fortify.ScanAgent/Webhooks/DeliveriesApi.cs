using Fortify.Core.Persistence;
using Fortify.ScanAgent.Jobs;
using Fortify.Core.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Fortify.ScanAgent.Webhooks;

internal static class DeliveriesApi
{
    private const int MaxPageSize = 500;

    public static RouteGroupBuilder MapDeliveriesApi(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).WithName("ListDeliveries");
        group.MapGet("/{deliveryId}", GetAsync).WithName("GetDelivery");
        group.MapPost("/{deliveryId}/replay", ReplayAsync).WithName("ReplayDelivery");
        group.MapGet("/{deliveryId}/events", EventsAsync).WithName("GetDeliveryJobEvents");
        return group;
    }

    /// <summary>Newest first; <paramref name="before"/> is the <c>next_cursor</c> of the previous page.</summary>
    private static async Task<Results<Ok<Page<DeliveryResponse>>, ValidationProblem>> ListAsync(
        FortifyDbContext db, string? @event, string? outcome, string? repository, long? before, int? limit, CancellationToken ct)
    {
        var query = db.WebhookDeliveries.AsNoTracking();
        if (!string.IsNullOrEmpty(@event))
        {
            query = query.Where(d => d.Event == @event);
        }

        if (!string.IsNullOrEmpty(outcome))
        {
            if (!Enum.TryParse<DeliveryOutcome>(outcome, ignoreCase: true, out var parsed) || int.TryParse(outcome, out _))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["outcome"] = [$"'{outcome}' is not one of received, processed, ignored, failed."],
                });
            }

            query = query.Where(d => d.Outcome == parsed);
        }

        if (!string.IsNullOrEmpty(repository))
        {
            query = query.Where(d => d.Repository == repository);
        }

        if (before is { } cursor)
        {
            query = query.Where(d => d.Id < cursor);
        }

        var size = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        var rows = await query.OrderByDescending(d => d.Id).Take(size).ToListAsync(ct);
        var page = Page.Of(rows, size, d => d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Ok(new Page<DeliveryResponse>(rows.Select(DeliveryResponse.From).ToList(), page.NextCursor));
    }

    private static async Task<Results<Ok<DeliveryResponse>, NotFound>> GetAsync(string deliveryId, FortifyDbContext db, CancellationToken ct)
    {
        var delivery = await LatestAsync(db, deliveryId, ct);
        return delivery is null ? TypedResults.NotFound() : TypedResults.Ok(DeliveryResponse.From(delivery));
    }

    /// <summary>The audit trail of every job this delivery made or found, oldest first.</summary>
    private static async Task<Ok<List<JobEventResponse>>> EventsAsync(string deliveryId, FortifyDbContext db, CancellationToken ct)
    {
        var jobIds = db.WebhookDeliveries.Where(d => d.DeliveryId == deliveryId && d.JobId != null).Select(d => d.JobId!.Value);
        var events = await db.JobEvents.AsNoTracking()
            .Where(e => e.DeliveryId == deliveryId || jobIds.Contains(e.JobId))
            .OrderBy(e => e.Id)
            .ToListAsync(ct);
        return TypedResults.Ok(events.Select(JobEventResponse.From).ToList());
    }

    /// <summary>Processes the stored delivery again, as if GitHub had just sent it; a live job for its commit is reused.</summary>
    private static async Task<Results<Ok<DeliveryReceipt>, NotFound>> ReplayAsync(
        string deliveryId, FortifyDbContext db, DeliveryProcessor processor, CancellationToken ct)
    {
        var delivery = await LatestAsync(db, deliveryId, ct);
        return delivery is null ? TypedResults.NotFound() : TypedResults.Ok(await processor.ReplayAsync(delivery.Id, ct));
    }

    /// <summary>A delivery id is unique per hook; the same id from two hooks answers with the newest.</summary>
    private static Task<WebhookDelivery?> LatestAsync(FortifyDbContext db, string deliveryId, CancellationToken ct) =>
        db.WebhookDeliveries.AsNoTracking().Where(d => d.DeliveryId == deliveryId).OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct);
}
