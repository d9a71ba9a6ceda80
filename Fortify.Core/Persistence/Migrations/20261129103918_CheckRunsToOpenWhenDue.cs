using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fortify.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CheckRunsToOpenWhenDue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_scan_jobs_check_runs_to_open",
                table: "scan_jobs");

            migrationBuilder.CreateIndex(
                name: "ix_scan_jobs_check_runs_to_open",
                table: "scan_jobs",
                columns: new[] { "CheckRunClaimedAt", "CreatedAt" },
                filter: "\"CheckRunState\" = 'Pending' AND \"Status\" = 'Queued'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_scan_jobs_check_runs_to_open",
                table: "scan_jobs");

            migrationBuilder.CreateIndex(
                name: "ix_scan_jobs_check_runs_to_open",
                table: "scan_jobs",
                column: "CreatedAt",
                filter: "\"CheckRunState\" = 'Pending' AND \"Status\" = 'Queued'");
        }
    }
}
