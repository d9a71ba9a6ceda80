using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fortify.Core.Repositories;

internal sealed class RepositorySettingsConfiguration : IEntityTypeConfiguration<RepositorySettings>
{
    public void Configure(EntityTypeBuilder<RepositorySettings> settings)
    {
        settings.ToTable("repository_settings");
        settings.HasKey(s => s.Repository);
        settings.Property(s => s.Repository).HasMaxLength(200);
        settings.Property(s => s.Priority).HasConversion<string>().HasMaxLength(10);
        settings.HasIndex(s => s.InstallationId);
        // The few repositories GitHub refuses check runs for, by the end of their pause.
        settings.HasIndex(s => s.CheckRunsPausedUntil).HasFilter("\"CheckRunRefusals\" > 0").HasDatabaseName("ix_repository_settings_check_runs_paused");
    }
}
