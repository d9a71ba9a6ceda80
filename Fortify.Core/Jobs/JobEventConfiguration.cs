using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fortify.Core.Jobs;

internal sealed class JobEventConfiguration : IEntityTypeConfiguration<JobEvent>
{
    public void Configure(EntityTypeBuilder<JobEvent> jobEvent)
    {
        jobEvent.ToTable("job_events");
        jobEvent.HasKey(e => e.Id);
        jobEvent.Property(e => e.DeliveryId).HasMaxLength(100);
        jobEvent.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        jobEvent.Property(e => e.WorkerId).HasMaxLength(200);
        jobEvent.Property(e => e.Detail).HasMaxLength(4000);
        jobEvent.HasIndex(e => new { e.JobId, e.Id });
        jobEvent.HasIndex(e => e.DeliveryId);
    }
}
