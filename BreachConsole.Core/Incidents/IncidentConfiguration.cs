using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Incidents;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public const int MaxDelayTextLength = 2_000;

    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.ToTable("Incidents");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Title).HasMaxLength(CreateIncidentValidator.MaxTitleLength).IsRequired();
        builder.Property(x => x.ExternalRef).HasMaxLength(CreateIncidentValidator.MaxExternalRefLength);
        builder.Property(x => x.Description).HasMaxLength(NoticeFactRules.MaxDescriptionLength);
        builder.HasIndex(x => x.ExternalRef).IsUnique();
        builder.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.CreatedBy).HasMaxLength(200).IsRequired();
        builder.HasIndex(x => x.CreatedAt);
        Json(builder.Property(x => x.AffectedCounts));
        Json(builder.Property(x => x.Delays));
        Json(builder.Property(x => x.DelayReasons));
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>A small JSON column: read and written whole with the incident, compared by its serialized form.</summary>
    private static void Json<T>(PropertyBuilder<T> property) where T : new() =>
        property.HasConversion(
                v => JsonSerializer.Serialize(v, Options),
                v => string.IsNullOrEmpty(v) ? new T() : JsonSerializer.Deserialize<T>(v, Options) ?? new T(),
                new ValueComparer<T>(
                    (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                    v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options)!))
            .IsRequired();
}
