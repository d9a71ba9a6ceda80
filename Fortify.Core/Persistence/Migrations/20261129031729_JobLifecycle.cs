using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Fortify.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class JobLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DispatchedAt",
                table: "scan_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LeaseExpiresAt",
                table: "scan_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextAttemptAt",
                table: "scan_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "job_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobId = table.Column<Guid>(type: "uuid", nullable: false),
                    DeliveryId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WorkerId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    Detail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_events", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_scan_jobs_leases",
                table: "scan_jobs",
                column: "LeaseExpiresAt",
                filter: "\"Status\" = 'Processing'");

            migrationBuilder.CreateIndex(
                name: "ix_scan_jobs_waiting",
                table: "scan_jobs",
                column: "NextAttemptAt",
                filter: "\"Status\" = 'Queued'");

            migrationBuilder.CreateIndex(
                name: "IX_job_events_DeliveryId",
                table: "job_events",
                column: "DeliveryId");

            migrationBuilder.CreateIndex(
                name: "IX_job_events_JobId_Id",
                table: "job_events",
                columns: new[] { "JobId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "job_events");

            migrationBuilder.DropIndex(
                name: "ix_scan_jobs_leases",
                table: "scan_jobs");

            migrationBuilder.DropIndex(
                name: "ix_scan_jobs_waiting",
                table: "scan_jobs");

            migrationBuilder.DropColumn(
                name: "DispatchedAt",
                table: "scan_jobs");

            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "scan_jobs");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                table: "scan_jobs");
        }
    }
}
