using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreachConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Contacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContactPreferences",
                columns: table => new
                {
                    Token = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OptOutMarketing = table.Column<bool>(type: "INTEGER", nullable: false),
                    OptOutServiceAlerts = table.Column<bool>(type: "INTEGER", nullable: false),
                    PreferredChannel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    PreferredLanguage = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactPreferences", x => x.Token);
                });

            migrationBuilder.CreateTable(
                name: "Contacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CustomerIdCipher = table.Column<byte[]>(type: "BLOB", nullable: false),
                    FirstNameCipher = table.Column<byte[]>(type: "BLOB", nullable: false),
                    LastNameCipher = table.Column<byte[]>(type: "BLOB", nullable: true),
                    EmailCipher = table.Column<byte[]>(type: "BLOB", nullable: true),
                    PhoneCipher = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Locale = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Contacts_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "VaultDataKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    KekId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    WrappedKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    WrappedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VaultDataKeys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_IncidentId_Channel_Id",
                table: "Contacts",
                columns: new[] { "IncidentId", "Channel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_IncidentId_Country_Id",
                table: "Contacts",
                columns: new[] { "IncidentId", "Country", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_IncidentId_Id",
                table: "Contacts",
                columns: new[] { "IncidentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_IncidentId_Locale_Id",
                table: "Contacts",
                columns: new[] { "IncidentId", "Locale", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_IncidentId_Token",
                table: "Contacts",
                columns: new[] { "IncidentId", "Token" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContactPreferences");

            migrationBuilder.DropTable(
                name: "Contacts");

            migrationBuilder.DropTable(
                name: "VaultDataKeys");
        }
    }
}
