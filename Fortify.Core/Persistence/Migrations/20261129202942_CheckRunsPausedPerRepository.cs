using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fortify.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CheckRunsPausedPerRepository : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CheckRunRefusals",
                table: "repository_settings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CheckRunsPausedUntil",
                table: "repository_settings",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CheckRunRefusals",
                table: "repository_settings");

            migrationBuilder.DropColumn(
                name: "CheckRunsPausedUntil",
                table: "repository_settings");
        }
    }
}
