using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Revalidation.Infrastructure.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AlertOutboxAndLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attempts",
                table: "alerts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "claimed_until",
                table: "alerts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "dead_lettered_at",
                table: "alerts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "last_error",
                table: "alerts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "next_attempt_at",
                table: "alerts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "refers_to",
                table: "alerts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "sent_at",
                table: "alerts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "version",
                table: "alerts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1L);

            migrationBuilder.CreateTable(
                name: "leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    holder = table.Column<string>(type: "TEXT", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leases", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_designated_body_state_next_attempt_at",
                table: "alerts",
                columns: new[] { "designated_body", "state", "next_attempt_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "leases");

            migrationBuilder.DropIndex(
                name: "ix_alerts_designated_body_state_next_attempt_at",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "attempts",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "claimed_until",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "dead_lettered_at",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "last_error",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "next_attempt_at",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "refers_to",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "sent_at",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "version",
                table: "alerts");
        }
    }
}
