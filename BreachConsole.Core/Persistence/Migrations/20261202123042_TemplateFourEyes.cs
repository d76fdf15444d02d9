using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreachConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TemplateFourEyes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SubmittedById",
                table: "TemplateVersions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.Sql(BreachConsole.Core.Templates.TemplateVersionConfiguration.AuthorIdImmutableSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(BreachConsole.Core.Templates.TemplateVersionConfiguration.AuthorIdImmutableDownSql);

            migrationBuilder.DropColumn(
                name: "SubmittedById",
                table: "TemplateVersions");
        }
    }
}
