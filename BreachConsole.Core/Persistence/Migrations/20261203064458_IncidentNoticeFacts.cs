using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreachConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class IncidentNoticeFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "BreachEnd",
                table: "Incidents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BreachStart",
                table: "Incidents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "Incidents",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            // Incidents raised by a webhook before its fix have discovery and determination at year 1: start both at awareness.
            migrationBuilder.Sql(BreachConsole.Core.Incidents.IncidentMigrationSql.BackfillStartEvents);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BreachEnd",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "BreachStart",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "Incidents");
        }
    }
}
