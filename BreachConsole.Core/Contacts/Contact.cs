using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Contacts;

/// <summary>
/// An affected customer of one incident. Every personal field is a vault envelope (ciphertext); the customer is known
/// outside the vault only by <see cref="Token"/>. Country, locale and channel are routing facts, kept plain so the
/// console can filter and count a million rows without decrypting any.
/// </summary>
public sealed class Contact
{
    public long Id { get; set; }
    public Guid IncidentId { get; set; }

    /// <summary>HMAC-SHA256 of the customer id (base64url): identity for dedup, lookups, logs, audit and Genesys.</summary>
    public required string Token { get; set; }

    public required byte[] CustomerIdCipher { get; set; }
    public required byte[] FirstNameCipher { get; set; }
    public byte[]? LastNameCipher { get; set; }
    public byte[]? EmailCipher { get; set; }
    public byte[]? PhoneCipher { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; set; }

    /// <summary>ISO 3166-2 subdivision (<c>US-CA</c>) from the CSV's optional <c>region</c> column: counts residents per state.</summary>
    public string? Region { get; set; }

    /// <summary>Normalized BCP 47 tag (<c>es-PR</c>).</summary>
    public required string Locale { get; set; }

    public Channel Channel { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("Contacts");
        builder.HasKey(x => x.Id);
        builder.HasOne<Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(x => x.Token).HasMaxLength(64).IsRequired();
        builder.Property(x => x.CustomerIdCipher).IsRequired();
        builder.Property(x => x.FirstNameCipher).IsRequired();
        builder.Property(x => x.Country).HasMaxLength(2).IsRequired();
        builder.Property(x => x.Locale).HasMaxLength(35).IsRequired();
        builder.Property(x => x.Region).HasMaxLength(6);
        builder.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);

        // One row per customer per incident: a second import of the same customer is a duplicate, not a new contact.
        builder.HasIndex(x => new { x.IncidentId, x.Token }).IsUnique();
        // Paged, filtered listings at a million rows: each filter walks an index in id order; the unfiltered listing and
        // its count walk (incident, id) only, so a deep OFFSET skips index entries, not table rows.
        builder.HasIndex(x => new { x.IncidentId, x.Id });
        builder.HasIndex(x => new { x.IncidentId, x.Country, x.Id });
        builder.HasIndex(x => new { x.IncidentId, x.Locale, x.Id });
        builder.HasIndex(x => new { x.IncidentId, x.Channel, x.Id });
        builder.HasIndex(x => new { x.IncidentId, x.Region });
    }
}
