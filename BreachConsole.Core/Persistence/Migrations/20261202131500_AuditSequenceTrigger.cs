using BreachConsole.Core.Audit;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreachConsole.Core.Persistence.Migrations
{
    /// <summary>No schema change: the audit table's append-in-sequence trigger (<see cref="AuditEntryConfiguration.SequenceTriggerSql"/>).</summary>
    [DbContext(typeof(BreachConsoleDbContext))]
    [Migration("20261202131500_AuditSequenceTrigger")]
    public partial class AuditSequenceTrigger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AuditEntryConfiguration.SequenceTriggerSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AuditEntryConfiguration.DropSequenceTriggerSql);
        }
    }
}
