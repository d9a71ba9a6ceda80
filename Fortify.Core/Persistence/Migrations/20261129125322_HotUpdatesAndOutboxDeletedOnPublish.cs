using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fortify.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class HotUpdatesAndOutboxDeletedOnPublish : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows already published are kept no longer; without their mark they would be published again.
            migrationBuilder.Sql("""DELETE FROM outbox_messages WHERE "PublishedAt" IS NOT NULL;""");

            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_Event_Outcome",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "IX_scan_jobs_Status_UpdatedAt",
                table: "scan_jobs");

            migrationBuilder.DropIndex(
                name: "ix_outbox_unpublished",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "outbox_messages");

            migrationBuilder.AlterTable(
                name: "webhook_deliveries")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "scan_jobs")
                .Annotation("Npgsql:StorageParameter:fillfactor", 70);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_Event_Id",
                table: "webhook_deliveries",
                columns: new[] { "Event", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_scan_jobs_Status_CreatedAt",
                table: "scan_jobs",
                columns: new[] { "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_Event_Id",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "IX_scan_jobs_Status_CreatedAt",
                table: "scan_jobs");

            migrationBuilder.AlterTable(
                name: "webhook_deliveries")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "scan_jobs")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 70);

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "outbox_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PublishedAt",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_Event_Outcome",
                table: "webhook_deliveries",
                columns: new[] { "Event", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_scan_jobs_Status_UpdatedAt",
                table: "scan_jobs",
                columns: new[] { "Status", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_unpublished",
                table: "outbox_messages",
                column: "CreatedAt",
                filter: "\"PublishedAt\" IS NULL");
        }
    }
}
