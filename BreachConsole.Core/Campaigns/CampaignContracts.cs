using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using FluentValidation;

namespace BreachConsole.Core.Campaigns;

/// <summary><c>POST /api/v1/incidents/{id}/campaigns</c>.</summary>
public sealed record CreateCampaign(string? Name, string? TemplateName);

public sealed class CreateCampaignValidator : AbstractValidator<CreateCampaign>
{
    public CreateCampaignValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("A campaign name is required.").MaximumLength(200);
        RuleFor(x => x.TemplateName).NotEmpty().WithMessage("A template name is required.").MaximumLength(200);
    }
}

public sealed record MissingTemplate(Channel Channel, string Locale, int Contacts);

public sealed record SuppressedCounts(int ServiceAlertsOptOut);

/// <summary>
/// Blocked contacts by reason. <see cref="NoElectronicConsent"/>: a HIPAA incident's contacts routed to email who never agreed to
/// electronic notice (45 CFR §164.404(d)(1)): they get the written notice by first-class mail, from the exceptions report.
/// </summary>
public sealed record BlockedCounts(int Residency, int NoRoute, int NoElectronicConsent = 0);

/// <summary>
/// The preflight answer (contract.md) plus when it ran and the hash an approval binds to. Additively (issue 14):
/// <see cref="UncoveredTemplates"/> (approved versions not linted against every jurisdiction of the incident that applies
/// to their channel), <see cref="TemplateFindings"/> (errors the current rules find in them for this incident's data
/// elements) and <see cref="NotReady"/> (every reason the campaign is not ready, in words); <see cref="Warnings"/>: what
/// does not stop it but its approver should read (a description or breach period the templates print that the incident leaves empty).
/// </summary>
public sealed record PreflightResult(
    bool Ready,
    int Audience,
    IReadOnlyDictionary<string, int> ByChannel,
    IReadOnlyDictionary<string, int> ByLocale,
    SuppressedCounts Suppressed,
    BlockedCounts Blocked,
    IReadOnlyList<MissingTemplate> MissingTemplates,
    int Total,
    DateTimeOffset CheckedAt,
    string Hash,
    IReadOnlyList<Templates.TemplateCoverageGap>? UncoveredTemplates = null,
    IReadOnlyList<Templates.TemplateCoverageFinding>? TemplateFindings = null,
    IReadOnlyList<string>? NotReady = null,
    IReadOnlyList<string>? Warnings = null);

/// <summary>A campaign as the API and the pages show it.</summary>
public sealed record CampaignView(
    Guid Id,
    Guid IncidentId,
    string Name,
    string TemplateName,
    CampaignState State,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    PreflightResult? Preflight,
    string? SubmittedBy,
    DateTimeOffset? SubmittedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    bool ApprovalVoided,
    string? VoidReason,
    DateTimeOffset? VoidedAt,
    string? LaunchedBy,
    DateTimeOffset? LaunchedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? CancelledAt,
    bool SlaBreached);

/// <summary><c>GET /api/v1/campaigns/{id}/progress</c> and the hub's <c>progress</c> message (contract.md).</summary>
public sealed record CampaignProgressView(
    Guid CampaignId,
    CampaignState State,
    int Total,
    int Suppressed,
    int Blocked,
    int Pending,
    int Uploaded,
    long Delivered,
    int Failed,
    double RatePerMinute,
    int? EtaSeconds,
    long RateLimited,
    long ServerErrors,
    string Circuit,
    bool SlaBreached,
    DateTimeOffset At);

/// <summary>The launch answer, replayed for the same <c>Idempotency-Key</c>.</summary>
public sealed record LaunchResult(int Status, string Body);

/// <summary>Roles of the campaign use cases.</summary>
public static class CampaignRoles
{
    public static readonly string[] Read = [Roles.Operations, Roles.Legal, Roles.Auditor];
    public static readonly string[] Exceptions = [Roles.Operations, Roles.Auditor];
}
