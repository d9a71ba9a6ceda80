using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fortify.Core.Scanning;

internal sealed class ScanFindingConfiguration : IEntityTypeConfiguration<ScanFinding>
{
    public void Configure(EntityTypeBuilder<ScanFinding> finding)
    {
        finding.ToTable("scan_findings");
        finding.HasKey(f => f.Id);
        finding.Property(f => f.Fingerprint).HasMaxLength(64);
        finding.Property(f => f.RuleId).HasMaxLength(100);
        finding.Property(f => f.RuleName).HasMaxLength(200);
        finding.Property(f => f.Severity).HasMaxLength(20);
        finding.Property(f => f.Category).HasMaxLength(100);
        finding.Property(f => f.Scanners).HasMaxLength(200);
        finding.Property(f => f.Path).HasMaxLength(1000);
        finding.Property(f => f.Message).HasMaxLength(2000);
        finding.Property(f => f.Preview).HasMaxLength(1000);
        finding.Property(f => f.SecretHash).HasMaxLength(64);

        // A job's findings are written once; a retried job replaces them, never doubles them.
        finding.HasIndex(f => new { f.JobId, f.Fingerprint }).IsUnique();
        finding.HasIndex(f => f.Fingerprint);
    }
}

internal sealed class ScanReportConfiguration : IEntityTypeConfiguration<ScanReport>
{
    public void Configure(EntityTypeBuilder<ScanReport> report)
    {
        report.ToTable("scan_reports");
        report.HasKey(r => r.JobId);
        report.Property(r => r.Conclusion).HasMaxLength(20);
        report.Property(r => r.Title).HasMaxLength(500);
        report.Property(r => r.Mode).HasMaxLength(200);
        report.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        report.Property(r => r.LastReportError).HasMaxLength(4000);
        report.HasIndex(r => r.NextReportAt).HasFilter("\"State\" = 'Pending'").HasDatabaseName("ix_scan_reports_due");
    }
}
