using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Preferences;

/// <summary>
/// A revocation of preference links: every link of one customer issued at or before <see cref="RevokedAt"/>
/// (<c>contact:{token}</c>), or every link sealed with one link key (<c>key:{id}</c>). Links themselves are not stored.
/// </summary>
public sealed class PreferenceLinkRevocation
{
    public const string ContactPrefix = "contact:";
    public const string KeyPrefix = "key:";

    public long Id { get; set; }
    public required string Subject { get; set; }
    public DateTimeOffset RevokedAt { get; set; }
    public required string RevokedBy { get; set; }
}

internal sealed class PreferenceLinkRevocationConfiguration : IEntityTypeConfiguration<PreferenceLinkRevocation>
{
    public void Configure(EntityTypeBuilder<PreferenceLinkRevocation> builder)
    {
        builder.ToTable("PreferenceLinkRevocations");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Subject).HasMaxLength(100).IsRequired();
        builder.HasIndex(x => x.Subject);
        builder.Property(x => x.RevokedBy).HasMaxLength(200).IsRequired();
    }
}
