using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Revalidation.Infrastructure.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DoctorDirectoryId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "directory_id",
                table: "doctors",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_doctors_designated_body_directory_id",
                table: "doctors",
                columns: new[] { "designated_body", "directory_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_doctors_designated_body_directory_id",
                table: "doctors");

            migrationBuilder.DropColumn(
                name: "directory_id",
                table: "doctors");
        }
    }
}
