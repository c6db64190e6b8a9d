using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Revalidation.Infrastructure.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", nullable: false),
                    designated_body = table.Column<string>(type: "TEXT", nullable: false),
                    doctor_id = table.Column<string>(type: "TEXT", nullable: true),
                    recipient = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", nullable: false),
                    detail = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alerts", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    designated_body = table.Column<string>(type: "TEXT", nullable: false),
                    doctor_id = table.Column<string>(type: "TEXT", nullable: true),
                    actor_id = table.Column<string>(type: "TEXT", nullable: false),
                    actor_role = table.Column<string>(type: "TEXT", nullable: false),
                    action = table.Column<string>(type: "TEXT", nullable: false),
                    summary = table.Column<string>(type: "TEXT", nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    change = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "designated_bodies",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    document = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_designated_bodies", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "doctors",
                columns: table => new
                {
                    designated_body = table.Column<string>(type: "TEXT", nullable: false),
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    gmc_number = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    family_name = table.Column<string>(type: "TEXT", nullable: false),
                    department = table.Column<string>(type: "TEXT", nullable: true),
                    rsd = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    summary = table.Column<string>(type: "TEXT", nullable: false),
                    document = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_doctors", x => new { x.designated_body, x.id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_designated_body",
                table: "alerts",
                column: "designated_body");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_designated_body_actor_id",
                table: "audit_events",
                columns: new[] { "designated_body", "actor_id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_designated_body_doctor_id",
                table: "audit_events",
                columns: new[] { "designated_body", "doctor_id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_designated_body_occurred_at",
                table: "audit_events",
                columns: new[] { "designated_body", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_doctors_designated_body",
                table: "doctors",
                column: "designated_body");

            migrationBuilder.CreateIndex(
                name: "ux_doctors_gmc_number",
                table: "doctors",
                column: "gmc_number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "designated_bodies");

            migrationBuilder.DropTable(
                name: "doctors");
        }
    }
}
