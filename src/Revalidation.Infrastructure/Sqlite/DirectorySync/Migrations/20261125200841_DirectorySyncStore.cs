using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Revalidation.Infrastructure.Sqlite.DirectorySync.Migrations
{
    /// <inheritdoc />
    public partial class DirectorySyncStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "directory_cursors",
                columns: table => new
                {
                    source_id = table.Column<string>(type: "TEXT", nullable: false),
                    cursor = table.Column<string>(type: "TEXT", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_cursors", x => x.source_id);
                });

            migrationBuilder.CreateTable(
                name: "directory_issues",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", nullable: false),
                    source_id = table.Column<string>(type: "TEXT", nullable: false),
                    designated_body = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    external_id = table.Column<string>(type: "TEXT", nullable: true),
                    doctor_id = table.Column<string>(type: "TEXT", nullable: true),
                    detail = table.Column<string>(type: "TEXT", nullable: false),
                    origin = table.Column<string>(type: "TEXT", nullable: true),
                    first_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    occurrences = table.Column<int>(type: "INTEGER", nullable: false),
                    last_run_id = table.Column<string>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    resolved_by = table.Column<string>(type: "TEXT", nullable: true),
                    resolution_note = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_issues", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_links",
                columns: table => new
                {
                    source_id = table.Column<string>(type: "TEXT", nullable: false),
                    external_id = table.Column<string>(type: "TEXT", nullable: false),
                    designated_body = table.Column<string>(type: "TEXT", nullable: false),
                    doctor_id = table.Column<string>(type: "TEXT", nullable: false),
                    gmc_number = table.Column<string>(type: "TEXT", nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    fingerprint = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_links", x => new { x.source_id, x.external_id });
                });

            migrationBuilder.CreateTable(
                name: "directory_sync_runs",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    source_id = table.Column<string>(type: "TEXT", nullable: false),
                    designated_body = table.Column<string>(type: "TEXT", nullable: false),
                    mode = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    full_resync = table.Column<bool>(type: "INTEGER", nullable: false),
                    triggered_by = table.Column<string>(type: "TEXT", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    seen = table.Column<int>(type: "INTEGER", nullable: false),
                    created = table.Column<int>(type: "INTEGER", nullable: false),
                    updated = table.Column<int>(type: "INTEGER", nullable: false),
                    left = table.Column<int>(type: "INTEGER", nullable: false),
                    reactivated = table.Column<int>(type: "INTEGER", nullable: false),
                    rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    skipped = table.Column<int>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_sync_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_directory_issues_designated_body_status_last_seen_at",
                table: "directory_issues",
                columns: new[] { "designated_body", "status", "last_seen_at" });

            migrationBuilder.CreateIndex(
                name: "ix_directory_issues_source_id_external_id_status",
                table: "directory_issues",
                columns: new[] { "source_id", "external_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ux_directory_issues_open_key",
                table: "directory_issues",
                column: "key",
                unique: true,
                filter: "status = 'Open'");

            migrationBuilder.CreateIndex(
                name: "ix_directory_links_source_id_active",
                table: "directory_links",
                columns: new[] { "source_id", "active" });

            migrationBuilder.CreateIndex(
                name: "ix_directory_sync_runs_designated_body_started_at",
                table: "directory_sync_runs",
                columns: new[] { "designated_body", "started_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "directory_cursors");

            migrationBuilder.DropTable(
                name: "directory_issues");

            migrationBuilder.DropTable(
                name: "directory_links");

            migrationBuilder.DropTable(
                name: "directory_sync_runs");
        }
    }
}
