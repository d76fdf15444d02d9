using System.Linq.Expressions;
using System.Text.RegularExpressions;
using BreachConsole.Core.Common;
using FluentValidation;

namespace BreachConsole.Core.Incidents;

/// <summary>
/// Open an incident. Nullable members so a missing field is a validation error, not a binding crash.
/// <see cref="DiscoveredAt"/> and <see cref="DeterminedAt"/> default to <see cref="AwareAt"/>. The notice facts
/// (<see cref="Description"/>, <see cref="BreachStart"/>, <see cref="BreachEnd"/>) may follow later (<see cref="SetNoticeFacts"/>).
/// </summary>
public sealed record CreateIncident(
    string? Title,
    DateTimeOffset? AwareAt,
    IReadOnlyList<string>? Jurisdictions,
    IReadOnlyList<string>? DataElements,
    string? ExternalRef = null,
    DateTimeOffset? DiscoveredAt = null,
    DateTimeOffset? DeterminedAt = null,
    IReadOnlyDictionary<string, int>? AffectedCounts = null,
    string? Description = null,
    DateTimeOffset? BreachStart = null,
    DateTimeOffset? BreachEnd = null);

/// <summary>
/// What a notice says about the breach itself, replaced whole (a null clears): <see cref="Description"/> prints as
/// <c>incident.description</c>, the period as <c>incident.breach_start</c>/<c>incident.breach_end</c>.
/// </summary>
public sealed record SetNoticeFacts(string? Description, DateTimeOffset? BreachStart, DateTimeOffset? BreachEnd);

/// <summary>The rules for the notice facts, one set for creating an incident and for changing them later.</summary>
public static class NoticeFactRules
{
    public const int MaxDescriptionLength = 2_000;

    /// <param name="awareAt">The incident's awareness time when the command carries it (create); a change is checked against the stored one by the service.</param>
    public static void AddNoticeFactRules<T>(this AbstractValidator<T> validator, TimeProvider time, Expression<Func<T, string?>> description,
        Expression<Func<T, DateTimeOffset?>> start, Expression<Func<T, DateTimeOffset?>> end, Func<T, DateTimeOffset?>? awareAt = null)
    {
        var startOf = start.Compile();
        var endOf = end.Compile();
        validator.RuleFor(description).MaximumLength(MaxDescriptionLength)
            .WithMessage($"The description is at most {MaxDescriptionLength} characters.");
        validator.RuleFor(start).Must(at => at <= time.GetUtcNow() + CreateIncidentValidator.FutureTolerance).When(x => startOf(x) is not null)
            .WithMessage("The breach cannot start in the future.");
        validator.RuleFor(end).Must(at => at <= time.GetUtcNow() + CreateIncidentValidator.FutureTolerance).When(x => endOf(x) is not null)
            .WithMessage("The breach cannot end in the future; leave the end empty while it is unknown or ongoing.");
        validator.RuleFor(end).Must((x, at) => at >= startOf(x)).When(x => endOf(x) is not null && startOf(x) is not null)
            .WithMessage("The breach cannot end before it starts.");
        if (awareAt is not null)
        {
            validator.RuleFor(start).Must((x, at) => at <= awareAt(x)).When(x => startOf(x) is not null && awareAt(x) is not null)
                .WithMessage(StartsAfterAwareness);
        }
    }

    public const string StartsAfterAwareness = "The breach cannot start after the organisation became aware of it.";

    /// <summary>The breach period in words, its times written by <paramref name="format"/> (the evidence pack and the incident page say it alike).</summary>
    public static string DescribePeriod(DateTimeOffset? start, DateTimeOffset? end, Func<DateTimeOffset, string> format) => (start, end) switch
    {
        (null, null) => "not entered",
        ({ } from, null) => $"from {format(from)}; end not known or still going on",
        (null, { } to) => $"start not known; until {format(to)}",
        ({ } from, { } to) => $"{format(from)} to {format(to)}",
    };
}

/// <summary>The jurisdiction list rules, one set for incidents and templates alike (like <see cref="PagingRules"/>).</summary>
public static class JurisdictionRules
{
    public static void AddJurisdictionRules<T>(this AbstractValidator<T> validator, Expression<Func<T, IReadOnlyList<string>?>> jurisdictions,
        bool required = false)
    {
        var read = jurisdictions.Compile();
        if (required)
        {
            validator.RuleFor(jurisdictions).NotEmpty().WithMessage("At least one jurisdiction is required.");
        }

        validator.RuleFor(jurisdictions).ForEach(j => j.Must(Incidents.Jurisdictions.IsKnown)
            .WithMessage(_ => $"Unknown jurisdiction. Known: {string.Join(", ", Incidents.Jurisdictions.All)}."));
        validator.RuleFor(jurisdictions).Must(j => j!.Distinct(StringComparer.Ordinal).Count() == j!.Count)
            .When(x => read(x) is not null).WithMessage("A jurisdiction is listed twice.");
    }
}

/// <summary>The rules for affected counts per jurisdiction: a known jurisdiction or an ISO 3166-2 subdivision, 0 to a billion people.</summary>
public static partial class AffectedCountRules
{
    public const int MaxCount = 1_000_000_000;
    public const int MaxEntries = 100;

    [GeneratedRegex("^[A-Z]{2}-[A-Z0-9]{1,3}$")]
    private static partial Regex Subdivision();

    public static bool IsValidKey(string? key) => key is not null && (Jurisdictions.IsKnown(key) || Subdivision().IsMatch(key));

    public static void AddAffectedCountRules<T>(this AbstractValidator<T> validator, Expression<Func<T, IReadOnlyDictionary<string, int>?>> counts)
    {
        var read = counts.Compile();
        validator.RuleFor(counts)
            .Must(c => c!.Count <= MaxEntries).WithMessage($"At most {MaxEntries} affected counts.")
            .Must(c => c!.Keys.All(IsValidKey))
            .WithMessage("An affected count is keyed by a known jurisdiction (US-HIPAA, EU) or an ISO 3166-2 subdivision such as US-CA.")
            .Must(c => c!.Values.All(v => v is >= 0 and <= MaxCount)).WithMessage($"An affected count is between 0 and {MaxCount}.")
            .When(x => read(x) is not null);
    }
}

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
        RuleFor(x => x.DiscoveredAt).Must(at => at <= time.GetUtcNow() + FutureTolerance).When(x => x.DiscoveredAt is not null)
            .WithMessage("The discovery time cannot be in the future.");
        RuleFor(x => x.DeterminedAt).Must(at => at <= time.GetUtcNow() + FutureTolerance).When(x => x.DeterminedAt is not null)
            .WithMessage("The determination time cannot be in the future.");
        this.AddJurisdictionRules(x => x.Jurisdictions, required: true);
        RuleFor(x => x.DataElements).NotEmpty().WithMessage("At least one data element is required.");
        RuleForEach(x => x.DataElements).Must(Incidents.DataElements.IsKnown)
            .WithMessage(_ => $"Unknown data element. Known: {string.Join(", ", Incidents.DataElements.All)}.");
        this.AddAffectedCountRules(x => x.AffectedCounts);
        this.AddNoticeFactRules(time, x => x.Description, x => x.BreachStart, x => x.BreachEnd, x => x.AwareAt);
        RuleFor(x => x.ExternalRef).MaximumLength(MaxExternalRefLength)
            .Matches("^[A-Za-z0-9._:/#-]+$").When(x => !string.IsNullOrEmpty(x.ExternalRef))
            .WithMessage("An external reference may hold letters, digits and . _ : / # - only.");
    }
}

public sealed class SetNoticeFactsValidator : AbstractValidator<SetNoticeFacts>
{
    public SetNoticeFactsValidator(TimeProvider time) =>
        this.AddNoticeFactRules(time, x => x.Description, x => x.BreachStart, x => x.BreachEnd);
}

/// <summary>Replace the entered affected counts (people per jurisdiction or ISO 3166-2 subdivision).</summary>
public sealed record SetAffectedCounts(IReadOnlyDictionary<string, int>? Counts);

public sealed class SetAffectedCountsValidator : AbstractValidator<SetAffectedCounts>
{
    public SetAffectedCountsValidator()
    {
        RuleFor(x => x.Counts).NotNull().WithMessage("counts is required (an empty object clears them).");
        this.AddAffectedCountRules(x => x.Counts);
    }
}

/// <summary>
/// Record a delay: <c>LawEnforcement</c> (requestedBy, from, to; jurisdictions optional, empty = all of the incident's)
/// or <c>FloridaExtension</c> (reason: the good cause given in writing to the Department of Legal Affairs).
/// </summary>
public sealed record RecordIncidentDelay(
    IncidentDelayKind? Kind,
    string? RequestedBy = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Reason = null,
    IReadOnlyList<string>? Jurisdictions = null);

public sealed class RecordIncidentDelayValidator : AbstractValidator<RecordIncidentDelay>
{
    public const int MaxRequestedByLength = 200;

    public RecordIncidentDelayValidator()
    {
        RuleFor(x => x.Kind).NotNull().WithMessage("kind is required: LawEnforcement or FloridaExtension.").IsInEnum();
        When(x => x.Kind == IncidentDelayKind.LawEnforcement, () =>
        {
            RuleFor(x => x.RequestedBy).NotEmpty().WithMessage("Say which agency requested the delay.").MaximumLength(MaxRequestedByLength);
            RuleFor(x => x.From).NotNull().WithMessage("The start of the delay is required.");
            RuleFor(x => x.To).NotNull().WithMessage("The end of the delay is required.")
                .GreaterThan(x => x.From).When(x => x.From is not null).WithMessage("The delay must end after it starts.");
        });
        When(x => x.Kind == IncidentDelayKind.FloridaExtension, () =>
            RuleFor(x => x.Reason).NotEmpty().WithMessage("The good cause given in writing to the Department is required."));
        RuleFor(x => x.Reason).MaximumLength(IncidentConfiguration.MaxDelayTextLength);
        this.AddJurisdictionRules(x => x.Jurisdictions);
    }
}

/// <summary>Why the deadline of rule <see cref="RuleId"/> (as listed in the incident's deadlines) passed without its notice.</summary>
public sealed record RecordDelayReason(string? RuleId, string? Reason);

public sealed class RecordDelayReasonValidator : AbstractValidator<RecordDelayReason>
{
    public RecordDelayReasonValidator()
    {
        RuleFor(x => x.RuleId).NotEmpty().WithMessage("ruleId is required (from the incident's deadlines).").MaximumLength(100);
        RuleFor(x => x.Reason).NotEmpty().WithMessage("A reason is required.").MaximumLength(IncidentConfiguration.MaxDelayTextLength);
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

/// <summary>
/// A deadline of the regulatory clock. <see cref="DueAt"/> is null where the law sets no fixed time, and for a deadline
/// counting from the individual notice until that notice is sent (then <see cref="LatestDueAt"/> is the bound).
/// </summary>
public sealed record Deadline(string Jurisdiction, DeadlineAudience Audience, DateTimeOffset? DueAt, string Rule)
{
    public string RuleId { get; init; } = "";

    /// <summary>Who is told (Attorney General, Department of State, residents…).</summary>
    public string Recipient { get; init; } = "";

    public StartEvent StartsFrom { get; init; }

    /// <summary>The time of the start event; null while an individual notice it counts from is pending.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>While the individual notice is pending: the latest the deadline can fall (the individual deadline plus its days).</summary>
    public DateTimeOffset? LatestDueAt { get; init; }

    public string Source { get; init; } = "";
    public DateOnly ReviewedOn { get; init; }

    /// <summary>The resident threshold the rule applies above (e.g. "more than 500 affected residents"), if any.</summary>
    public string? Threshold { get; init; }

    /// <summary>The affected count the threshold was judged on; null when the incident has no count for it.</summary>
    public int? Affected { get; init; }

    /// <summary>True when the count passes the threshold; null when there is no threshold or no count (the rule is kept).</summary>
    public bool? ThresholdMet { get; init; }

    public DeadlineStatus Status { get; init; }

    /// <summary>For an individual deadline: when the notice went out.</summary>
    public DateTimeOffset? NoticeSentAt { get; init; }

    /// <summary>What moved the deadline: law-enforcement delays, Florida's extension, an earlier consumer notice.</summary>
    public IReadOnlyList<string> Adjustments { get; init; } = [];

    public string? DelayReason { get; init; }
}

public enum DeadlineAudience
{
    Individuals,
    Authority,
    Media,
}

public enum DeadlineStatus
{
    /// <summary>Due in the future, not yet met.</summary>
    Open,

    /// <summary>The individual notice went out by the deadline.</summary>
    Met,

    /// <summary>The individual notice went out after the deadline.</summary>
    Late,

    /// <summary>Past due (or past its bound) and the individual notice has not gone out.</summary>
    Overdue,

    /// <summary>An authority or media deadline whose time has passed; those filings happen outside the console.</summary>
    Passed,

    /// <summary>Counts from the individual notice, which is pending; the bound has not passed.</summary>
    AwaitingNotice,

    /// <summary>The law sets no fixed time ("without undue delay", "as expeditiously as possible").</summary>
    NoFixedTime,
}

/// <summary>An affected count and where it came from.</summary>
public sealed record AffectedCount(string Jurisdiction, int Count, bool Entered);

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
    IReadOnlyList<Deadline> Deadlines)
{
    public DateTimeOffset DiscoveredAt { get; init; }
    public DateTimeOffset DeterminedAt { get; init; }
    public DateTimeOffset? IndividualNoticeAt { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? BreachStart { get; init; }
    public DateTimeOffset? BreachEnd { get; init; }
    public IReadOnlyList<AffectedCount> Affected { get; init; } = [];
    public IReadOnlyList<IncidentDelay> Delays { get; init; } = [];
    public IReadOnlyList<DeadlineDelayReason> DelayReasons { get; init; } = [];
    public DateOnly RulesReviewedOn { get; init; }
}
