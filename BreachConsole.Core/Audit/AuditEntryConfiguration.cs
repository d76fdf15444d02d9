using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    /// <summary>
    /// Applied by the <c>AuditSequenceTrigger</c> migration: an entry is only ever appended as the next sequence number.
    /// SQLite runs BEFORE INSERT triggers ahead of conflict resolution, so <c>INSERT OR REPLACE</c> over an existing
    /// sequence (which would delete and rewrite it without firing the no-delete trigger) is refused too.
    /// </summary>
    public const string SequenceTriggerSql = """
        CREATE TRIGGER AuditEntries_AppendNextOnly BEFORE INSERT ON AuditEntries
        WHEN NEW.Sequence IS NOT (SELECT IFNULL(MAX(Sequence), 0) + 1 FROM AuditEntries)
        BEGIN SELECT RAISE(ABORT, 'audit entries are appended in sequence: the next entry is max(Sequence) + 1'); END;
        """;

    public const string DropSequenceTriggerSql = "DROP TRIGGER IF EXISTS AuditEntries_AppendNextOnly;";

    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(x => x.Sequence);
        builder.Property(x => x.Sequence).ValueGeneratedNever();
        builder.Property(x => x.Actor).HasMaxLength(200);
        builder.Property(x => x.Role).HasMaxLength(50);
        builder.Property(x => x.Action).HasMaxLength(100);
        builder.Property(x => x.Target).HasMaxLength(300);
        builder.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.CorrelationId).HasMaxLength(100);
        builder.Property(x => x.PreviousHash).HasMaxLength(64);
        builder.Property(x => x.Hash).HasMaxLength(64);
        builder.Property(x => x.Seal).HasMaxLength(64);
        // Every SQLite index ends with the rowid (= Sequence), so an equality filter on these walks entries in sequence
        // order: the newest-first page needs no sort, and counts are index-only.
        builder.HasIndex(x => x.At);
        builder.HasIndex(x => x.Actor);
        builder.HasIndex(x => x.Action);
        builder.HasIndex(x => x.Target);
        builder.HasIndex(x => x.Outcome);
        builder.HasIndex(x => new { x.Actor, x.Action });
        builder.HasIndex(x => new { x.Action, x.Outcome });
    }
}
