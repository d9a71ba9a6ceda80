using Fortify.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fortify.Core.Webhooks;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
    {
        delivery.ToTable("webhook_deliveries");
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.DeliveryId).HasMaxLength(100);
        delivery.Property(d => d.Event).HasMaxLength(100);
        delivery.Property(d => d.Action).HasMaxLength(100);
        delivery.Property(d => d.Repository).HasMaxLength(200);
        delivery.Property(d => d.Headers).HasJsonbConversion();
        delivery.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(20);
        delivery.Property(d => d.OutcomeReason).HasMaxLength(1000);

        // The atomic dedupe: a redelivery of (hook, delivery) collides here instead of making a second row.
        delivery.HasIndex(d => new { d.HookId, d.DeliveryId }).IsUnique();
        delivery.HasIndex(d => d.DeliveryId);
        delivery.HasIndex(d => new { d.Event, d.Outcome });
        delivery.HasIndex(d => d.ReceivedAt);
    }
}
