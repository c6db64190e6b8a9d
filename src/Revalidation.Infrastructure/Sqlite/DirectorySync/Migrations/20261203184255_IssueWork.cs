using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Revalidation.Infrastructure.Sqlite.DirectorySync.Migrations
{
    /// <inheritdoc />
    public partial class IssueWork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "hidden_until",
                table: "directory_issues",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "owner_id",
                table: "directory_issues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "owner_name",
                table: "directory_issues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "work",
                table: "directory_issues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_directory_issues_doctor_id_status",
                table: "directory_issues",
                columns: new[] { "doctor_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_directory_issues_doctor_id_status",
                table: "directory_issues");

            migrationBuilder.DropColumn(
                name: "hidden_until",
                table: "directory_issues");

            migrationBuilder.DropColumn(
                name: "owner_id",
                table: "directory_issues");

            migrationBuilder.DropColumn(
                name: "owner_name",
                table: "directory_issues");

            migrationBuilder.DropColumn(
                name: "work",
                table: "directory_issues");
        }
    }
}
