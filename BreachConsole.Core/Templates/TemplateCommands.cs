using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Incidents;
using FluentValidation;

namespace BreachConsole.Core.Templates;

/// <summary>Limits shared by validation and the database columns.</summary>
public static class TemplateRules
{
    public const int MaxNameLength = 120;
    public const int MaxLocaleLength = 20;
    public const int MaxSubjectLength = 300;
    public const int MaxBodyLength = 50_000;
    public const int MaxCommentLength = 2_000;

    /// <summary>The one statement of "only an email has a subject", for the validators and the edit path.</summary>
    public const string OnlyEmailHasSubject = "Only an email has a subject.";

    public static bool MayHaveSubject(Channel channel) => channel == Channel.Email;
}

/// <summary>Start a template (name, channel, locale) with its first draft. Nullable so a missing field is a 400, not a crash.</summary>
public sealed record CreateTemplate(
    string? Name,
    Channel? Channel,
    string? Locale,
    IReadOnlyList<string>? Jurisdictions,
    string? Subject,
    string? Body);

/// <summary>Save a new draft version of a template; jurisdictions stay as they were unless given.</summary>
public sealed record EditTemplate(string? Subject, string? Body, IReadOnlyList<string>? Jurisdictions = null);

/// <summary>
/// Approve or reject the template's latest version. <see cref="Version"/>, when given, must still be the latest: a
/// reviewer approves the text they read, not one saved since.
/// </summary>
public sealed record ReviewTemplate(string? Comment = null, int? Version = null, string? ContentHash = null);

/// <summary>Render with the sample data: the given text, else the given version, else the latest (Legal) or approved (Operations).</summary>
public sealed record PreviewTemplate(string? Subject = null, string? Body = null, int? Version = null);

public sealed class CreateTemplateValidator : AbstractValidator<CreateTemplate>
{
    public CreateTemplateValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("A name is required.").MaximumLength(TemplateRules.MaxNameLength);
        RuleFor(x => x.Channel).NotNull().WithMessage("A channel is required: Sms, Email or Voice.").IsInEnum();
        RuleFor(x => x.Locale).NotEmpty().WithMessage("A locale is required (a BCP 47 tag such as es-PR or es).")
            .Must(Locales.IsValid).When(x => !string.IsNullOrEmpty(x.Locale))
            .WithMessage("The locale must be a BCP 47 tag: a language, an optional script and region (es, es-PR, zh-Hant-TW).");
        this.AddJurisdictionRules(x => x.Jurisdictions);
        RuleFor(x => x.Body).NotEmpty().WithMessage("A body is required.").MaximumLength(TemplateRules.MaxBodyLength);
        RuleFor(x => x.Subject).MaximumLength(TemplateRules.MaxSubjectLength);
        RuleFor(x => x.Subject).Empty().When(x => x.Channel is { } channel && !TemplateRules.MayHaveSubject(channel))
            .WithMessage(TemplateRules.OnlyEmailHasSubject);
    }
}

public sealed class EditTemplateValidator : AbstractValidator<EditTemplate>
{
    public EditTemplateValidator()
    {
        RuleFor(x => x.Body).NotEmpty().WithMessage("A body is required.").MaximumLength(TemplateRules.MaxBodyLength);
        RuleFor(x => x.Subject).MaximumLength(TemplateRules.MaxSubjectLength);
        this.AddJurisdictionRules(x => x.Jurisdictions);
    }
}

public sealed class ReviewTemplateValidator : AbstractValidator<ReviewTemplate>
{
    public ReviewTemplateValidator()
    {
        RuleFor(x => x.Comment).MaximumLength(TemplateRules.MaxCommentLength);
        RuleFor(x => x.Version).GreaterThan(0);
    }
}

/// <summary>The answer to a create, edit, submit or review: the version acted on and its lint.</summary>
public sealed record TemplateVersionResult(
    Guid Id,
    int Version,
    TemplateStatus Status,
    IReadOnlyList<LintFinding> Lint,
    string Name,
    Channel Channel,
    string Locale);

public sealed record TemplateSummary(
    Guid Id,
    string Name,
    Channel Channel,
    string Locale,
    int LatestVersion,
    TemplateStatus LatestStatus,
    int? ApprovedVersion,
    DateTimeOffset UpdatedAt);

public sealed record TemplateVersionInfo(
    int Version,
    TemplateStatus Status,
    string? Subject,
    string Body,
    IReadOnlyList<string> Jurisdictions,
    string ContentHash,
    string AuthoredBy,
    DateTimeOffset AuthoredAt,
    string? SubmittedBy,
    DateTimeOffset? SubmittedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    string? RejectedBy,
    DateTimeOffset? RejectedAt,
    string? ReviewComment,
    DateTimeOffset? RetiredAt,
    bool IsLatest,
    string? AuthorId = null,
    string? SubmitterId = null);

/// <summary>A template and the versions the caller may see (Operations: the approved one only).</summary>
public sealed record TemplateDetails(
    Guid Id,
    string Name,
    Channel Channel,
    string Locale,
    IReadOnlyList<string> Jurisdictions,
    int LatestVersion,
    int? ApprovedVersion,
    IReadOnlyList<TemplateVersionInfo> Versions);

/// <summary>The approved version chosen for a (name, channel, locale) request, and the locale it was written for.</summary>
public sealed record ResolvedTemplate(Guid TemplateId, string Name, Channel Channel, string Locale, int Version, string? Subject, string Body,
    string ContentHash, IReadOnlyList<string> Jurisdictions);
