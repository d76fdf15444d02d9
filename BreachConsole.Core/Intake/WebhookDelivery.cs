using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Intake;

public enum WebhookSource
{
    PagerDuty,
    Jira,
}

public enum WebhookOutcome
{
    /// <summary>Signed, understood: an incident was created or updated.</summary>
    Accepted,

    /// <summary>An event id seen before: nothing changed.</summary>
    Duplicate,

    /// <summary>Signed, but an event type intake does not act on.</summary>
    Ignored,

    /// <summary>Missing or bad signature (401).</summary>
    Refused,

    /// <summary>Signed, but not JSON intake can read (400).</summary>
    Malformed,

    /// <summary>Larger than the 1 MB limit (413), refused before reading.</summary>
    TooLarge,
}

/// <summary>
/// One delivery as the Operations webhook page lists it, and the dedupe record of its event id (kept at least
/// <see cref="WebhookIntake.DedupeWindow"/>). Never holds the body: time, source, event type, outcome, what it touched.
/// </summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public WebhookSource Source { get; set; }

    /// <summary>The sender's event id (set only once the signature verified).</summary>
    public string? EventId { get; set; }

    public string? EventType { get; set; }
    public WebhookOutcome Outcome { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string? ExternalRef { get; set; }
    public Guid? IncidentId { get; set; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.EventId).HasMaxLength(200);
        builder.Property(x => x.EventType).HasMaxLength(100);
        builder.Property(x => x.ExternalRef).HasMaxLength(200);
        // Dedupe: one processed delivery per (source, event id). Duplicates are recorded with a null event id.
        builder.HasIndex(x => new { x.Source, x.EventId }).IsUnique().HasFilter("\"EventId\" IS NOT NULL");
        builder.HasIndex(x => x.ReceivedAt);
    }
}
