using BreachConsole.Core.Common;
using FluentValidation;

namespace BreachConsole.Core.Incidents;

/// <summary>Open an incident. Nullable members so a missing field is a validation error, not a binding crash.</summary>
public sealed record CreateIncident(
    string? Title,
    DateTimeOffset? AwareAt,
    IReadOnlyList<string>? Jurisdictions,
    IReadOnlyList<string>? DataElements,
    string? ExternalRef = null);

public sealed class CreateIncidentValidator : AbstractValidator<CreateIncident>
{
    public const int MaxTitleLength = 200;
    public const int MaxExternalRefLength = 200;

    /// <summary>Clocks disagree a little; an awareness time further ahead than this is a typo.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public CreateIncidentValidator(TimeProvider time)
    {
        RuleFor(x => x.Title).NotEmpty().WithMessage("A title is required.")
            .MaximumLength(MaxTitleLength);
        RuleFor(x => x.AwareAt).NotNull().WithMessage("The time the organisation became aware is required.")
            .Must(at => at <= time.GetUtcNow() + FutureTolerance).WithMessage("The awareness time cannot be in the future.");
        RuleFor(x => x.Jurisdictions).NotEmpty().WithMessage("At least one jurisdiction is required.");
        RuleForEach(x => x.Jurisdictions).Must(Incidents.Jurisdictions.IsKnown)
            .WithMessage(_ => $"Unknown jurisdiction. Known: {string.Join(", ", Incidents.Jurisdictions.All)}.");
        RuleFor(x => x.Jurisdictions).Must(j => j!.Distinct(StringComparer.Ordinal).Count() == j!.Count)
            .When(x => x.Jurisdictions is not null).WithMessage("A jurisdiction is listed twice.");
        RuleFor(x => x.DataElements).NotEmpty().WithMessage("At least one data element is required.");
        RuleForEach(x => x.DataElements).Must(Incidents.DataElements.IsKnown)
            .WithMessage(_ => $"Unknown data element. Known: {string.Join(", ", Incidents.DataElements.All)}.");
        RuleFor(x => x.ExternalRef).MaximumLength(MaxExternalRefLength)
            .Matches("^[A-Za-z0-9._:/#-]+$").When(x => !string.IsNullOrEmpty(x.ExternalRef))
            .WithMessage("An external reference may hold letters, digits and . _ : / # - only.");
    }
}

/// <summary>List incidents, optionally by external reference.</summary>
public sealed record IncidentQuery(string? ExternalRef = null, int Page = 1, int PageSize = PageRequest.DefaultPageSize)
    : PageRequest(Page, PageSize);

public sealed class IncidentQueryValidator : AbstractValidator<IncidentQuery>
{
    public IncidentQueryValidator()
    {
        this.AddPagingRules(q => q);
        RuleFor(x => x.ExternalRef).MaximumLength(CreateIncidentValidator.MaxExternalRefLength);
    }
}

public sealed record IncidentSummary(Guid Id, string Title, string? ExternalRef, IncidentState State, DateTimeOffset AwareAt, DateTimeOffset CreatedAt);

/// <summary>A deadline of the regulatory clock. <see cref="DueAt"/> is null where the law sets no fixed hours.</summary>
public sealed record Deadline(string Jurisdiction, DeadlineAudience Audience, DateTimeOffset? DueAt, string Rule);

public enum DeadlineAudience
{
    Authority,
    Individuals,
}

public sealed record IncidentDetails(
    Guid Id,
    string Title,
    DateTimeOffset AwareAt,
    IReadOnlyList<string> Jurisdictions,
    IReadOnlyList<string> DataElements,
    string? ExternalRef,
    IncidentState State,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<Deadline> Deadlines);
