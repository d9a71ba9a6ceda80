using Fortify.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fortify.Core.Jobs;

internal sealed class ScanJobConfiguration : IEntityTypeConfiguration<ScanJob>
{
    public void Configure(EntityTypeBuilder<ScanJob> job)
    {
        job.ToTable("scan_jobs");
        // Room on each page for a job's next version: an update that changes no indexed column (marking it dispatched,
        // renewing its lease) then stays on its page and writes no index entry (a HOT update).
        job.HasStorageParameter("fillfactor", 70);
        job.HasKey(j => j.JobId);
        job.Property(j => j.Trigger).HasMaxLength(20);
        job.Property(j => j.Repository).HasMaxLength(200);
        job.Property(j => j.TargetType).HasConversion<string>().HasMaxLength(20);
        job.Property(j => j.Reference).HasMaxLength(300);
        job.Property(j => j.CommitSha).HasMaxLength(64);
        // ANALYZE skips the context, which no query filters on (statistics target 0, set by a migration).
        job.Property(j => j.Context).HasJsonbConversion();
        job.Property(j => j.Priority).HasConversion<string>().HasMaxLength(10);
        job.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        job.Property(j => j.DeliveryId).HasMaxLength(100);
        job.Property(j => j.WorkerId).HasMaxLength(200);
        job.Property(j => j.LastError).HasMaxLength(4000);
        job.Property(j => j.CheckRunState).HasConversion<string>().HasMaxLength(20).HasDefaultValue(Scanning.CheckRunState.Pending).HasSentinel(Scanning.CheckRunState.Pending);
        job.Ignore(j => j.IsLive);
        job.Ignore(j => j.InstallationId);

        // One live job per target and commit: a second delivery for the same commit finds this one.
        job.HasIndex(j => new { j.Repository, j.TargetType, j.Reference, j.CommitSha })
            .IsUnique()
            .HasFilter("\"Status\" IN ('Queued', 'Processing')")
            .HasDatabaseName("ix_scan_jobs_live_target");
        job.HasIndex(j => new { j.Repository, j.Status });
        // The jobs API's status filter, newest first; not on UpdatedAt, which nearly every update changes.
        job.HasIndex(j => new { j.Status, j.CreatedAt });
        job.HasIndex(j => j.LeaseExpiresAt).HasFilter("\"Status\" = 'Processing'").HasDatabaseName("ix_scan_jobs_leases");
        // New jobs (no retry time) and jobs whose retry time has come are each one range of this index, so jobs that
        // wait to try again are never read while they wait.
        job.HasIndex(j => new { j.CheckRunClaimedAt, j.CreatedAt })
            .HasFilter("\"CheckRunState\" = 'Pending' AND \"Status\" = 'Queued'").HasDatabaseName("ix_scan_jobs_check_runs_to_open");
        // A paused repository's parked jobs, oldest first: its probe when the pause ends, all of them when it is over.
        job.HasIndex(j => new { j.Repository, j.CreatedAt })
            .HasFilter("\"CheckRunState\" = 'Parked' AND \"Status\" = 'Queued'").HasDatabaseName("ix_scan_jobs_check_runs_parked");
        // Only the cancelled jobs whose run is still open: closing their runs moves them out, so it stays small.
        job.HasIndex(j => j.JobId).HasFilter(ScanJobFilters.CheckRunsToClose).HasDatabaseName("ix_scan_jobs_check_runs_to_close");
        job.HasIndex(j => j.NextAttemptAt).HasFilter("\"Status\" = 'Queued'").HasDatabaseName("ix_scan_jobs_waiting");
    }
}
