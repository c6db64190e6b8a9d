using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Revalidation.Infrastructure.Sqlite.DirectorySync.Migrations
{
    /// <inheritdoc />
    public partial class SyncRunPendingLeavers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "pending_leavers",
                table: "directory_sync_runs",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "pending_leavers",
                table: "directory_sync_runs");
        }
    }
}
