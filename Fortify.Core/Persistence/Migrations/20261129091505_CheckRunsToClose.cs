using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fortify.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CheckRunsToClose : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Runs whose final report went out (or was given up on) before Closed existed: closed now, so the
            // index starts with only the cancelled jobs still to close.
            migrationBuilder.Sql("""
                UPDATE scan_jobs j SET "CheckRunState" = 'Closed'
                WHERE j."CheckRunState" = 'Open'
                  AND EXISTS (SELECT 1 FROM scan_reports r WHERE r."JobId" = j."JobId" AND r."State" IN ('Reported', 'Abandoned'))
                """);

            migrationBuilder.CreateIndex(
                name: "ix_scan_jobs_check_runs_to_close",
                table: "scan_jobs",
                column: "JobId",
                filter: "\"Status\" = 'Cancelled' AND \"CheckRunState\" = 'Open'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_scan_jobs_check_runs_to_close",
                table: "scan_jobs");

            // Older code knows no Closed: to it the run is open, with its report already out.
            migrationBuilder.Sql("""UPDATE scan_jobs SET "CheckRunState" = 'Open' WHERE "CheckRunState" = 'Closed'""");
        }
    }
}
