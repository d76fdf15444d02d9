using BreachConsole.Core.Dispatch;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Preferences;

/// <summary>A customer's communication preferences, keyed by token (never the customer id).</summary>
public sealed class ContactPreference
{
    public required string Token { get; set; }
    public bool OptOutMarketing { get; set; }

    /// <summary>Opted out of service alerts. A breach notice that the law requires may still be due; preflight decides.</summary>
    public bool OptOutServiceAlerts { get; set; }

    public Channel? PreferredChannel { get; set; }
    public string? PreferredLanguage { get; set; }

    /// <summary>
    /// The customer agreed to receive legally required notices by email instead of first-class mail (HIPAA,
    /// 45 CFR §164.404(d)(1)(i)). Null: never recorded, which counts as no agreement.
    /// </summary>
    public bool? ElectronicNoticeConsent { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

internal sealed class ContactPreferenceConfiguration : IEntityTypeConfiguration<ContactPreference>
{
    public void Configure(EntityTypeBuilder<ContactPreference> builder)
    {
        builder.ToTable("ContactPreferences");
        builder.HasKey(x => x.Token);
        builder.Property(x => x.Token).HasMaxLength(64);
        builder.Property(x => x.PreferredChannel).HasConversion<string>().HasMaxLength(10);
        builder.Property(x => x.PreferredLanguage).HasMaxLength(35);
        builder.Property(x => x.UpdatedBy).HasMaxLength(200).IsRequired();
    }
}
