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
        // update stays there and writes no index entry (a HOT update).
        delivery.HasStorageParameter("fillfactor", 80);
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.DeliveryId).HasMaxLength(100);
        delivery.Property(d => d.Event).HasMaxLength(100);
        delivery.Property(d => d.Action).HasMaxLength(100);
        delivery.Property(d => d.Repository).HasMaxLength(200);
        delivery.Property(d => d.Headers).HasJsonbConversion();
        delivery.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(20);
        delivery.Property(d => d.OutcomeReason).HasMaxLength(1000);
        // Every body is compressed as it is stored (TOAST); lz4 does it several times faster than Postgres's default
        // pglz, which made compressing the body most of the intake's insert.
        delivery.Property(d => d.Body).UseCompressionMethod("lz4");

        // The atomic dedupe: a redelivery of (hook, delivery) collides here instead of making a second row.
        delivery.HasIndex(d => new { d.HookId, d.DeliveryId }).IsUnique();
        delivery.HasIndex(d => d.DeliveryId);
        // The deliveries API's event filter, newest first. Not on the outcome, which the decision sets on every row.
        delivery.HasIndex(d => new { d.Event, d.Id });
        delivery.HasIndex(d => d.ReceivedAt);
    }
}
