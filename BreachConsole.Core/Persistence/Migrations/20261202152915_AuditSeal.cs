using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreachConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AuditSeal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Seal",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Seal",
                table: "AuditEntries");
        }
    }
}
