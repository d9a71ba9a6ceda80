using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Fortify.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ScanResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CheckRunClaimedAt",
                table: "scan_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CheckRunId",
                table: "scan_jobs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CheckRunState",
                table: "scan_jobs",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Pending");

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "github_tokens",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ProtectedToken = table.Column<string>(type: "text", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_github_tokens", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "scan_findings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobId = table.Column<Guid>(type: "uuid", nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RuleId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RuleName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Scanners = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    Column = table.Column<int>(type: "integer", nullable: false),
                    EndColumn = table.Column<int>(type: "integer", nullable: false),
                    Message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Preview = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    SecretHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scan_findings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "scan_reports",
                columns: table => new
                {
                    JobId = table.Column<Guid>(type: "uuid", nullable: false),
                    Conclusion = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Summary = table.Column<string>(type: "text", nullable: false),
                    Sarif = table.Column<string>(type: "text", nullable: false),
                    Mode = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FindingsCount = table.Column<int>(type: "integer", nullable: false),
                    FilesScanned = table.Column<int>(type: "integer", nullable: false),
                    BytesScanned = table.Column<long>(type: "bigint", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AnnotationsPublished = table.Column<int>(type: "integer", nullable: false),
                    ReportAttempts = table.Column<int>(type: "integer", nullable: false),
                    NextReportAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastReportError = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scan_reports", x => x.JobId);
                });

            migrationBuilder.CreateIndex(
                name: "ix_scan_jobs_check_runs_to_open",
                table: "scan_jobs",
                column: "CreatedAt",
                filter: "\"CheckRunState\" = 'Pending' AND \"Status\" = 'Queued'");

            migrationBuilder.CreateIndex(
                name: "IX_scan_findings_Fingerprint",
                table: "scan_findings",
                column: "Fingerprint");

            migrationBuilder.CreateIndex(
                name: "IX_scan_findings_JobId_Fingerprint",
                table: "scan_findings",
                columns: new[] { "JobId", "Fingerprint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_scan_reports_due",
                table: "scan_reports",
                column: "NextReportAt",
                filter: "\"State\" = 'Pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "github_tokens");

            migrationBuilder.DropTable(
                name: "scan_findings");

            migrationBuilder.DropTable(
                name: "scan_reports");

            migrationBuilder.DropIndex(
                name: "ix_scan_jobs_check_runs_to_open",
                table: "scan_jobs");

            migrationBuilder.DropColumn(
                name: "CheckRunClaimedAt",
                table: "scan_jobs");

            migrationBuilder.DropColumn(
                name: "CheckRunId",
                table: "scan_jobs");

            migrationBuilder.DropColumn(
                name: "CheckRunState",
                table: "scan_jobs");
        }
    }
}
