using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Templates;

internal sealed class TemplateVersionConfiguration : IEntityTypeConfiguration<TemplateVersion>
{
    /// <summary>
    /// Immutability in the database itself, for the migration to apply with <c>migrationBuilder.Sql</c>: a version's
    /// text never changes, a retired version never changes, an approved version may only be retired, no version is deleted.
    /// </summary>
    public const string ImmutabilityTriggersSql = """
        CREATE TRIGGER TemplateVersions_TextImmutable BEFORE UPDATE OF TemplateId, Number, Subject, Body, Jurisdictions, ContentHash, AuthoredBy, AuthorId, AuthoredAt ON TemplateVersions
        BEGIN SELECT RAISE(ABORT, 'A template version''s text is immutable; save a new version.'); END;
        CREATE TRIGGER TemplateVersions_ApprovedOnlyRetires BEFORE UPDATE ON TemplateVersions
        WHEN OLD.Status = 'Retired' OR (OLD.Status = 'Approved' AND NEW.Status <> 'Retired')
        BEGIN SELECT RAISE(ABORT, 'An approved template version never changes, except to be retired.'); END;
        CREATE TRIGGER TemplateVersions_NoDelete BEFORE DELETE ON TemplateVersions
        BEGIN SELECT RAISE(ABORT, 'Template versions are never deleted.'); END;
        """;

    /// <summary>
    /// Applied by the <c>TemplateFourEyes</c> migration to databases created before: the text trigger also covers
    /// <c>AuthorId</c>, the identity four-eyes compares (rewriting it would let an author approve their own text).
    /// </summary>
    public const string AuthorIdImmutableSql = """
        DROP TRIGGER IF EXISTS TemplateVersions_TextImmutable;
        CREATE TRIGGER TemplateVersions_TextImmutable BEFORE UPDATE OF TemplateId, Number, Subject, Body, Jurisdictions, ContentHash, AuthoredBy, AuthorId, AuthoredAt ON TemplateVersions
        BEGIN SELECT RAISE(ABORT, 'A template version''s text is immutable; save a new version.'); END;
        """;

    public const string AuthorIdImmutableDownSql = """
        DROP TRIGGER IF EXISTS TemplateVersions_TextImmutable;
        CREATE TRIGGER TemplateVersions_TextImmutable BEFORE UPDATE OF TemplateId, Number, Subject, Body, Jurisdictions, ContentHash, AuthoredBy, AuthoredAt ON TemplateVersions
        BEGIN SELECT RAISE(ABORT, 'A template version''s text is immutable; save a new version.'); END;
        """;

    public const string DropImmutabilityTriggersSql = """
        DROP TRIGGER IF EXISTS TemplateVersions_TextImmutable;
        DROP TRIGGER IF EXISTS TemplateVersions_ApprovedOnlyRetires;
        DROP TRIGGER IF EXISTS TemplateVersions_NoDelete;
        """;

    public void Configure(EntityTypeBuilder<TemplateVersion> builder)
    {
        builder.ToTable("TemplateVersions");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => new { x.TemplateId, x.Number }).IsUnique();
        // At most one approved version per template: approving a new one retires the old in the same transaction.
        builder.HasIndex(x => x.TemplateId).IsUnique().HasFilter("\"Status\" = 'Approved'").HasDatabaseName("IX_TemplateVersions_OneApproved");
        builder.Property(x => x.Subject).HasMaxLength(TemplateRules.MaxSubjectLength);
        builder.Property(x => x.Body).HasMaxLength(TemplateRules.MaxBodyLength).IsRequired();
        builder.Property(x => x.ContentHash).HasMaxLength(64).IsRequired();
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(x => x.AuthoredBy).HasMaxLength(200).IsRequired();
        builder.Property(x => x.AuthorId).HasMaxLength(200);
        builder.Property(x => x.SubmittedBy).HasMaxLength(200);
        builder.Property(x => x.SubmittedById).HasMaxLength(200);
        builder.Property(x => x.ApprovedBy).HasMaxLength(200);
        builder.Property(x => x.RejectedBy).HasMaxLength(200);
        builder.Property(x => x.ReviewComment).HasMaxLength(TemplateRules.MaxCommentLength);
        builder.Property(x => x.Revision).IsConcurrencyToken();
    }
}
