using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BreachConsole.Core.Persistence;

/// <summary>The console's one database. Entities are configured one <c>IEntityTypeConfiguration</c> each, next to them.</summary>
public sealed class BreachConsoleDbContext(DbContextOptions<BreachConsoleDbContext> options) : DbContext(options)
{
    public DbSet<Incidents.Incident> Incidents => Set<Incidents.Incident>();

    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();

    public DbSet<Templates.Template> Templates => Set<Templates.Template>();

    public DbSet<Templates.TemplateVersion> TemplateVersions => Set<Templates.TemplateVersion>();
    public DbSet<Vault.DataKey> DataKeys => Set<Vault.DataKey>();

    public DbSet<Vault.Reencryption> Reencryptions => Set<Vault.Reencryption>();

    public DbSet<Contacts.Contact> Contacts => Set<Contacts.Contact>();

    public DbSet<Preferences.ContactPreference> ContactPreferences => Set<Preferences.ContactPreference>();

    public DbSet<Campaigns.Campaign> Campaigns => Set<Campaigns.Campaign>();

    public DbSet<Intake.WebhookDelivery> WebhookDeliveries => Set<Intake.WebhookDelivery>();

    public DbSet<Preferences.PreferenceLinkRevocation> PreferenceLinkRevocations => Set<Preferences.PreferenceLinkRevocation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BreachConsoleDbContext).Assembly,
            t => t.Namespace?.StartsWith("BreachConsole.Core", StringComparison.Ordinal) == true);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type: UTC ticks in an INTEGER column sort, compare and index correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
