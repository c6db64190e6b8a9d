using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Revalidation.Infrastructure.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DoctorChangeSeq : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "change_seq",
                table: "doctors",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "ix_doctors_designated_body_change_seq",
                table: "doctors",
                columns: new[] { "designated_body", "change_seq" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_doctors_designated_body_change_seq",
                table: "doctors");

            migrationBuilder.DropColumn(
                name: "change_seq",
                table: "doctors");
        }
    }
}
