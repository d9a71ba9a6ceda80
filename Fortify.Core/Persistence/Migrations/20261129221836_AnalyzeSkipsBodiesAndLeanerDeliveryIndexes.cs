using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fortify.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AnalyzeSkipsBodiesAndLeanerDeliveryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The new unique index first: no delivery is ever stored without its dedupe.
            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_DeliveryId_HookId",
                table: "webhook_deliveries",
                columns: new[] { "DeliveryId", "HookId" },
                unique: true);

            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_DeliveryId",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_HookId_DeliveryId",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_ReceivedAt",
                table: "webhook_deliveries");

            migrationBuilder.AlterTable(
                name: "webhook_deliveries")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50)
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            // ANALYZE samples only what queries filter on: never a body, its headers or a job's context.
            migrationBuilder.Sql("""
                ALTER TABLE webhook_deliveries ALTER COLUMN "Body" SET STATISTICS 0, ALTER COLUMN "Headers" SET STATISTICS 0;
                ALTER TABLE scan_jobs ALTER COLUMN "Context" SET STATISTICS 0;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE webhook_deliveries ALTER COLUMN "Body" SET STATISTICS -1, ALTER COLUMN "Headers" SET STATISTICS -1;
                ALTER TABLE scan_jobs ALTER COLUMN "Context" SET STATISTICS -1;
                """);

            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_DeliveryId_HookId",
                table: "webhook_deliveries");

            migrationBuilder.AlterTable(
                name: "webhook_deliveries")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80)
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_DeliveryId",
                table: "webhook_deliveries",
                column: "DeliveryId");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_HookId_DeliveryId",
                table: "webhook_deliveries",
                columns: new[] { "HookId", "DeliveryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_ReceivedAt",
                table: "webhook_deliveries",
                column: "ReceivedAt");
        }
    }
}
