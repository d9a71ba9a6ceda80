using Fortify.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fortify.Core.Webhooks;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
    {
        delivery.ToTable("webhook_deliveries");
        // Every delivery is updated once with its decision, which changes no indexed column: with room on the page that
        // update stays there and writes no index entry (a HOT update). Every row on a page is updated once, soon after
        // it is written, so half the page is kept free; the body lives in the TOAST table, which this does not touch.
        delivery.HasStorageParameter("fillfactor", 50);
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.DeliveryId).HasMaxLength(100);
        delivery.Property(d => d.Event).HasMaxLength(100);
        delivery.Property(d => d.Action).HasMaxLength(100);
        delivery.Property(d => d.Repository).HasMaxLength(200);
        // No query filters on the headers or the body, so ANALYZE skips them (statistics target 0, set by the migration
        // AnalyzeSkipsBodiesAndLeanerDeliveryIndexes): it would otherwise decompress and sort a sample of bodies each
        // time the table grows by a tenth, which took a fifth of Postgres's CPU under the intake benchmark.
        delivery.Property(d => d.Headers).HasJsonbConversion();
        delivery.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(20);
        delivery.Property(d => d.OutcomeReason).HasMaxLength(1000);
        // Every body is compressed as it is stored (TOAST); lz4 does it several times faster than Postgres's default
        // pglz, which made compressing the body most of the intake's insert.
        delivery.Property(d => d.Body).UseCompressionMethod("lz4");

        // The atomic dedupe: a redelivery of (hook, delivery) collides here instead of making a second row. The
        // delivery id leads, so the same index finds a delivery by its id alone (the API), and each insert writes one
        // index less.
        delivery.HasIndex(d => new { d.DeliveryId, d.HookId }).IsUnique();
        // The deliveries API's event filter, newest first. Not on the outcome, which the decision sets on every row.
        delivery.HasIndex(d => new { d.Event, d.Id });
    }
}
