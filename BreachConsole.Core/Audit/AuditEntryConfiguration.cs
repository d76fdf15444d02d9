using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
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
