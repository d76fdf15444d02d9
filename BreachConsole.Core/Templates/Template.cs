using BreachConsole.Core.Dispatch;

namespace BreachConsole.Core.Templates;

/// <summary>Where a version is in its life (contract.md): <c>Draft → InReview → Approved → Retired</c>.</summary>
public enum TemplateStatus
{
    Draft,
    InReview,
    Approved,
    Retired,
}

/// <summary>
/// A notice template: one (name, channel, locale) series of numbered versions. Its id is what the API's
/// <c>/api/v1/templates/{id}</c> names; a version is addressed by its number within the template.
/// </summary>
public sealed class Template
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public Channel Channel { get; set; }

    /// <summary>Canonical BCP 47 tag (<c>es-PR</c>, <c>es</c>, <c>zh-Hant-TW</c>).</summary>
    public required string Locale { get; set; }

    /// <summary>The rule packs the newest version is checked against; each version keeps its own copy.</summary>
    public List<string> Jurisdictions { get; set; } = [];

    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<TemplateVersion> Versions { get; set; } = [];
}

/// <summary>
/// One numbered version. Its text (subject, body, jurisdictions, author) never changes once written — an edit is a new
/// version — and a database trigger refuses any change to it; only the review fields move, and an approved version may
/// only become retired.
/// </summary>
public sealed class TemplateVersion
{
    public Guid Id { get; set; }
    public Guid TemplateId { get; set; }
    public int Number { get; set; }
    public string? Subject { get; set; }
    public required string Body { get; set; }
    public List<string> Jurisdictions { get; set; } = [];

    /// <summary>Hex SHA-256 of subject and body: what a campaign approval records as the text it saw.</summary>
    public required string ContentHash { get; set; }

    public TemplateStatus Status { get; set; } = TemplateStatus.Draft;
    public required string AuthoredBy { get; set; }

    /// <summary>The author's <see cref="Common.Actor.StableId"/>: what four-eyes compares (the name is for display).</summary>
    public string? AuthorId { get; set; }
    public DateTimeOffset AuthoredAt { get; set; }
    public string? SubmittedBy { get; set; }

    /// <summary>The submitter's <see cref="Common.Actor.StableId"/>: a submitter never approves what they submitted.</summary>
    public string? SubmittedById { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? RejectedBy { get; set; }
    public DateTimeOffset? RejectedAt { get; set; }
    public string? ReviewComment { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>Bumped on every state change; two reviewers acting at once cannot both win.</summary>
    public int Revision { get; set; }
}
