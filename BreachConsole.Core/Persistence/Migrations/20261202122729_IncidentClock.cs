using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreachConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class IncidentClock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AffectedCounts",
                table: "Incidents",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "DelayReasons",
                table: "Incidents",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Delays",
                table: "Incidents",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "DeterminedAt",
                table: "Incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "DiscoveredAt",
                table: "Incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "IndividualNoticeAt",
                table: "Incidents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Region",
                table: "Contacts",
                type: "TEXT",
                maxLength: 6,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_IncidentId_Region",
                table: "Contacts",
                columns: new[] { "IncidentId", "Region" });

            migrationBuilder.Sql(BreachConsole.Core.Incidents.IncidentMigrationSql.BackfillStartEvents);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_IncidentId_Region",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "AffectedCounts",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "DelayReasons",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "Delays",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "DeterminedAt",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "DiscoveredAt",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "IndividualNoticeAt",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "Region",
                table: "Contacts");
        }
    }
}
