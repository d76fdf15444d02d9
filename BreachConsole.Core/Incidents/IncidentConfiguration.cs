using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Incidents;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.ToTable("Incidents");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Title).HasMaxLength(CreateIncidentValidator.MaxTitleLength).IsRequired();
        builder.Property(x => x.ExternalRef).HasMaxLength(CreateIncidentValidator.MaxExternalRefLength);
        builder.HasIndex(x => x.ExternalRef).IsUnique();
        builder.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.CreatedBy).HasMaxLength(200).IsRequired();
        builder.HasIndex(x => x.CreatedAt);
    }
}
