using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Templates;

internal sealed class TemplateConfiguration : IEntityTypeConfiguration<Template>
{
    public void Configure(EntityTypeBuilder<Template> builder)
    {
        builder.ToTable("Templates");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Name).HasMaxLength(TemplateRules.MaxNameLength).IsRequired();
        builder.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(x => x.Locale).HasMaxLength(TemplateRules.MaxLocaleLength).IsRequired();
        builder.Property(x => x.CreatedBy).HasMaxLength(200).IsRequired();
        builder.HasIndex(x => new { x.Name, x.Channel, x.Locale }).IsUnique();
        builder.HasMany(x => x.Versions).WithOne().HasForeignKey(v => v.TemplateId).OnDelete(DeleteBehavior.Restrict);
    }
}
