using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Vault;

public enum ReencryptionState
{
    /// <summary>Moving rows to the new data key; resumes from <see cref="Reencryption.Cursor"/> after a restart.</summary>
    Running,

    /// <summary>Every envelope is under the new key and in the current format; the older encryption keys are deleted.</summary>
    Completed,

    /// <summary>A newer rotation took over before this one finished (its rows are moved by that one).</summary>
    Superseded,

    /// <summary>Only in <see cref="ReencryptionProgress"/>: no data-key rotation has run yet.</summary>
    None,
}

/// <summary>One data-key rotation and the re-encryption it started: the progress an operator or auditor sees.</summary>
public sealed class Reencryption
{
    public int Id { get; set; }

    /// <summary>The new data key every envelope is moved to.</summary>
    public int DataKeyId { get; set; }

    public ReencryptionState State { get; set; }

    /// <summary>The last contact id of the current pass that is done (0: the pass starts at the beginning).</summary>
    public long Cursor { get; set; }

    /// <summary>Contacts in the table when the rotation started (the progress bar's length; later imports use the new key).</summary>
    public long Total { get; set; }

    public long Scanned { get; set; }

    /// <summary>Envelopes rewritten (a contact has up to five).</summary>
    public long Rewritten { get; set; }

    /// <summary>Passes over the table: a second pass runs only when rows under an old key were committed during the first.</summary>
    public int Passes { get; set; } = 1;

    /// <summary>Encryption data keys deleted once nothing named them.</summary>
    public int RetiredDataKeys { get; set; }

    public required string StartedBy { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

internal sealed class ReencryptionConfiguration : IEntityTypeConfiguration<Reencryption>
{
    public void Configure(EntityTypeBuilder<Reencryption> builder)
    {
        builder.ToTable("VaultReencryptions");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.StartedBy).HasMaxLength(200);
        builder.HasIndex(x => x.State);
    }
}

public sealed record ReencryptionProgress(int Id, int DataKeyId, ReencryptionState State, long Total, long Scanned, long Rewritten, int Passes,
    int RetiredDataKeys, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);
