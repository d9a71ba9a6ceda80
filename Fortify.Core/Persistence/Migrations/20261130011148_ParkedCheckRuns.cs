using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fortify.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ParkedCheckRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_scan_jobs_check_runs_parked",
                table: "scan_jobs",
                columns: new[] { "Repository", "CreatedAt" },
                filter: "\"CheckRunState\" = 'Parked' AND \"Status\" = 'Queued'");

            migrationBuilder.CreateIndex(
                name: "ix_repository_settings_check_runs_paused",
                table: "repository_settings",
                column: "CheckRunsPausedUntil",
                filter: "\"CheckRunRefusals\" > 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The older code knows no parked state: those jobs are due again.
            migrationBuilder.Sql("""
                UPDATE scan_jobs SET "CheckRunState" = 'Pending', "CheckRunClaimedAt" = NULL WHERE "CheckRunState" = 'Parked';
                """);

            migrationBuilder.DropIndex(
                name: "ix_scan_jobs_check_runs_parked",
                table: "scan_jobs");

            migrationBuilder.DropIndex(
                name: "ix_repository_settings_check_runs_paused",
                table: "repository_settings");
        }
    }
}
