using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreachConsole.Core.Incidents;

/// <summary>
/// The regulatory clock: which deadlines an incident's jurisdictions set, from a rules file counsel can edit
/// (<c>deadline-rules.json</c>, embedded, with its reviewed-on date and a source per rule), never from constants in code.
/// Calendar days and business days count in the jurisdiction's time zone, so a deadline across a DST change keeps its
/// local time of day.
/// </summary>
public sealed class RegulatoryClock
{
    private readonly RuleFile _rules;
    private readonly Dictionary<string, TimeZoneInfo> _zones;

    public RegulatoryClock() : this(LoadEmbedded())
    {
    }

    internal RegulatoryClock(RuleFile rules)
    {
        _rules = rules;
        _zones = rules.TimeZones.ToDictionary(z => z.Key, z => TimeZoneInfo.FindSystemTimeZoneById(z.Value), StringComparer.Ordinal);
    }

    /// <summary>The date counsel last reviewed the rules; the console shows it beside every deadline.</summary>
    public DateOnly ReviewedOn => _rules.ReviewedOn;

    /// <summary>Every rule of the file (the README and the incident page list them).</summary>
    public IReadOnlyList<DeadlineRule> Rules => _rules.Rules;

    /// <summary>The deadlines of an incident known only by its jurisdictions and one start time (all three events at once).</summary>
    public IReadOnlyList<Deadline> DeadlinesFor(IReadOnlyList<string> jurisdictions, DateTimeOffset awareAt) =>
        DeadlinesFor(new ClockFacts(jurisdictions, awareAt, awareAt, awareAt), awareAt);

    /// <summary>
    /// The deadlines in the incident's jurisdiction order (individuals, authority, media within one). A rule whose resident
    /// threshold the incident's count does not reach is left out; with no count it is kept, marked unknown.
    /// </summary>
    public IReadOnlyList<Deadline> DeadlinesFor(ClockFacts facts, DateTimeOffset now)
    {
        var result = new List<Deadline>();
        foreach (var jurisdiction in facts.Jurisdictions)
        {
            var rules = _rules.Rules.Where(r => r.Jurisdiction == jurisdiction).ToList();
            // Individual deadlines first: the rules that follow the individual notice take their bound from them.
            var individuals = rules.Where(r => r.Audience == DeadlineAudience.Individuals)
                .Select(r => Compute(r, facts, null, now)).Where(d => d is not null).Select(d => d!).ToList();
            var individualDue = individuals.FirstOrDefault()?.DueAt;
            result.AddRange(individuals);
            result.AddRange(rules.Where(r => r.Audience != DeadlineAudience.Individuals).OrderBy(r => r.Audience)
                .Select(r => Compute(r, facts, individualDue, now)).Where(d => d is not null).Select(d => d!));
        }

        return result;
    }

    private Deadline? Compute(DeadlineRule rule, ClockFacts facts, DateTimeOffset? individualDue, DateTimeOffset now)
    {
        var (affected, thresholdMet) = Threshold(rule, facts.AffectedCounts);
        if (thresholdMet == false)
        {
            return null;
        }

        var zone = Zone(rule.Jurisdiction);
        var adjustments = new List<string>();
        DateTimeOffset? startedAt = rule.StartsFrom switch
        {
            StartEvent.Awareness => facts.AwareAt,
            StartEvent.Discovery => facts.DiscoveredAt,
            StartEvent.Determination => facts.DeterminedAt,
            StartEvent.IndividualNotice => facts.IndividualNoticeAt,
            StartEvent.YearEnd => YearEnd(facts.DiscoveredAt, zone),
            _ => null,
        };

        var due = Add(rule, startedAt, zone);
        var bound = rule.StartsFrom == StartEvent.IndividualNotice && startedAt is null ? Add(rule, individualDue, zone) : null;

        if (due is not null && rule.LawEnforcementDelay)
        {
            foreach (var delay in facts.Delays.Where(d => d.Kind == IncidentDelayKind.LawEnforcement && Covers(d, rule.Jurisdiction)))
            {
                if (delay is { From: { } from, To: { } to } && to > from)
                {
                    due = due.Value + (to - from);
                    adjustments.Add(string.Create(CultureInfo.InvariantCulture,
                        $"Law-enforcement delay requested by {delay.RequestedBy} ({from:yyyy-MM-dd} to {to:yyyy-MM-dd}): +{(to - from).TotalDays:0.#} days"));
                }
            }
        }

        if (due is not null && rule.ExtensionDays is { } extension &&
            facts.Delays.FirstOrDefault(d => d.Kind == IncidentDelayKind.FloridaExtension && Covers(d, rule.Jurisdiction)) is { } granted)
        {
            due = AddDays(due.Value, extension, zone);
            adjustments.Add(string.Create(CultureInfo.InvariantCulture,
                $"Good-cause extension given in writing {granted.RecordedAt:yyyy-MM-dd}: +{extension} days"));
        }

        if (rule.OrIndividualNoticeIfSooner && facts.IndividualNoticeAt is { } sent && due is { } computed && sent < computed)
        {
            due = sent;
            adjustments.Add("Due with the notice to individuals, which was sooner");
        }

        var noticeSent = rule.Audience == DeadlineAudience.Individuals ? facts.IndividualNoticeAt : null;
        var status = Status(rule.Audience, due, bound, noticeSent, now);
        var reason = facts.DelayReasons.LastOrDefault(r => r.RuleId == rule.Id)?.Reason;
        return new Deadline(rule.Jurisdiction, rule.Audience, due, rule.Rule)
        {
            RuleId = rule.Id,
            Recipient = rule.Recipient,
            StartsFrom = rule.StartsFrom,
            StartedAt = startedAt,
            LatestDueAt = bound,
            Source = rule.Source,
            ReviewedOn = rule.ReviewedOn ?? _rules.ReviewedOn,
            Threshold = ThresholdText(rule.Threshold),
            Affected = affected,
            ThresholdMet = thresholdMet,
            Status = status,
            NoticeSentAt = noticeSent,
            Adjustments = adjustments,
            DelayReason = reason,
        };
    }

    private static DeadlineStatus Status(DeadlineAudience audience, DateTimeOffset? due, DateTimeOffset? bound, DateTimeOffset? sent, DateTimeOffset now)
    {
        if (sent is { } at)
        {
            return due is null || at <= due ? DeadlineStatus.Met : DeadlineStatus.Late;
        }

        if (due is null)
        {
            return bound is null ? DeadlineStatus.NoFixedTime : bound > now ? DeadlineStatus.AwaitingNotice : DeadlineStatus.Overdue;
        }

        if (due > now)
        {
            return DeadlineStatus.Open;
        }

        // The console sends individual notices, so it knows one is overdue; authority filings happen outside it.
        return audience == DeadlineAudience.Individuals ? DeadlineStatus.Overdue : DeadlineStatus.Passed;
    }

    private static bool Covers(IncidentDelay delay, string jurisdiction) =>
        delay.Jurisdictions.Count == 0 || delay.Jurisdictions.Contains(jurisdiction, StringComparer.Ordinal);

    private static (int? Affected, bool? Met) Threshold(DeadlineRule rule, IReadOnlyDictionary<string, int> counts)
    {
        if (rule.Threshold is not { } threshold)
        {
            return (null, null);
        }

        int? count = threshold.Scope == ThresholdScope.AnyState
            ? counts.Where(c => c.Key.StartsWith("US-", StringComparison.Ordinal) && c.Key != "US-HIPAA").Select(c => (int?)c.Value).Max()
            : counts.TryGetValue(rule.Jurisdiction, out var n) ? n : null;
        if (count is not { } value)
        {
            return (null, null);
        }

        var met = (threshold.AtLeast is not { } atLeast || value >= atLeast)
            && (threshold.MoreThan is not { } moreThan || value > moreThan)
            && (threshold.LessThan is not { } lessThan || value < lessThan);
        return (value, met);
    }

    private static string? ThresholdText(RuleThreshold? threshold)
    {
        if (threshold is null)
        {
            return null;
        }

        var who = threshold.Scope == ThresholdScope.AnyState ? "residents of one state" : "affected residents";
        return threshold switch
        {
            { AtLeast: { } n } => $"{n} or more {who}",
            { MoreThan: { } n } => $"more than {n} {who}",
            { LessThan: { } n } => $"fewer than {n} {who}",
            _ => null,
        };
    }

    private TimeZoneInfo Zone(string jurisdiction) => _zones.GetValueOrDefault(jurisdiction) ?? TimeZoneInfo.Utc;

    private static DateTimeOffset Add(DeadlineRule rule, DateTimeOffset start, TimeZoneInfo zone) =>
        rule switch
        {
            { Hours: { } hours } => start.AddHours(hours),
            { BusinessDays: { } n } => AddBusinessDays(start, n, zone),
            { Days: { } days } => AddDays(start, days, zone),
            _ => start,
        };

    private static DateTimeOffset? Add(DeadlineRule rule, DateTimeOffset? start, TimeZoneInfo zone) =>
        rule.Hours is null && rule.Days is null && rule.BusinessDays is null ? null : start is { } s ? Add(rule, s, zone) : null;

    /// <summary>Calendar days in the zone: the same local time of day <paramref name="days"/> dates later.</summary>
    public static DateTimeOffset AddDays(DateTimeOffset start, int days, TimeZoneInfo zone) =>
        AtLocal(TimeZoneInfo.ConvertTime(start, zone).DateTime.AddDays(days), zone);

    /// <summary>Business days in the zone: weekdays that are not US federal holidays, same local time of day.</summary>
    public static DateTimeOffset AddBusinessDays(DateTimeOffset start, int days, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(start, zone).DateTime;
        var date = DateOnly.FromDateTime(local);
        for (var counted = 0; counted < days;)
        {
            date = date.AddDays(1);
            if (UsFederalHolidays.IsBusinessDay(date))
            {
                counted++;
            }
        }

        return AtLocal(date.ToDateTime(TimeOnly.FromDateTime(local)), zone);
    }

    private static DateTimeOffset YearEnd(DateTimeOffset discoveredAt, TimeZoneInfo zone) =>
        AtLocal(new DateTime(TimeZoneInfo.ConvertTime(discoveredAt, zone).Year + 1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), zone);

    /// <summary>A local wall-clock time as an instant: a time skipped by DST moves an hour on; an ambiguous one takes the earlier instant.</summary>
    private static DateTimeOffset AtLocal(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static RuleFile LoadEmbedded()
    {
        using var stream = typeof(RegulatoryClock).Assembly.GetManifestResourceStream("BreachConsole.Core.Incidents.deadline-rules.json")
            ?? throw new InvalidOperationException("The embedded deadline rules are missing from the build.");
        return Load(stream);
    }

    internal static RuleFile Load(Stream stream)
    {
        var file = JsonSerializer.Deserialize<RuleFile>(stream, Json) ?? throw new InvalidOperationException("The deadline rules are empty.");
        foreach (var rule in file.Rules)
        {
            var fixedTimes = new[] { rule.Hours is not null, rule.Days is not null, rule.BusinessDays is not null }.Count(b => b);
            if (!Jurisdictions.IsKnown(rule.Jurisdiction) || rule.Hours is < 0 || rule.Days is < 0 || rule.BusinessDays is < 0 || fixedTimes > 1
                || string.IsNullOrWhiteSpace(rule.Id) || string.IsNullOrWhiteSpace(rule.Source) || string.IsNullOrWhiteSpace(rule.Rule))
            {
                throw new InvalidOperationException($"Deadline rule '{rule.Id}' for '{rule.Jurisdiction}' is invalid: it needs an id, a rule, a source and at most one of hours, days, businessDays.");
            }
        }

        if (file.Rules.GroupBy(r => r.Id, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            throw new InvalidOperationException("Two deadline rules share an id.");
        }

        return file;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    internal sealed record RuleFile(DateOnly ReviewedOn, string? ReviewedBy, IReadOnlyDictionary<string, string> TimeZones, IReadOnlyList<DeadlineRule> Rules);
}

/// <summary>The event a deadline counts from.</summary>
public enum StartEvent
{
    Awareness,
    Discovery,
    Determination,
    IndividualNotice,
    YearEnd,
}

public enum ThresholdScope
{
    /// <summary>The count of the rule's own jurisdiction.</summary>
    Jurisdiction,

    /// <summary>The largest count of one US state (HIPAA media notice).</summary>
    AnyState,
}

/// <summary>Applies the rule only when the affected count is at least / more than / less than the figure.</summary>
public sealed record RuleThreshold(int? AtLeast = null, int? MoreThan = null, int? LessThan = null, ThresholdScope Scope = ThresholdScope.Jurisdiction);

/// <summary>One rule of <c>deadline-rules.json</c>.</summary>
public sealed record DeadlineRule(
    string Id,
    string Jurisdiction,
    DeadlineAudience Audience,
    string Recipient,
    StartEvent StartsFrom,
    string Rule,
    string Source,
    int? Hours = null,
    int? Days = null,
    int? BusinessDays = null,
    RuleThreshold? Threshold = null,
    bool LawEnforcementDelay = false,
    int? ExtensionDays = null,
    bool OrIndividualNoticeIfSooner = false,
    DateOnly? ReviewedOn = null);

/// <summary>What the clock needs to know about an incident.</summary>
public sealed record ClockFacts(
    IReadOnlyList<string> Jurisdictions,
    DateTimeOffset AwareAt,
    DateTimeOffset DiscoveredAt,
    DateTimeOffset DeterminedAt,
    DateTimeOffset? IndividualNoticeAt = null)
{
    public IReadOnlyDictionary<string, int> AffectedCounts { get; init; } = new Dictionary<string, int>();
    public IReadOnlyList<IncidentDelay> Delays { get; init; } = [];
    public IReadOnlyList<DeadlineDelayReason> DelayReasons { get; init; } = [];

    public static ClockFacts Of(Incident incident, IReadOnlyDictionary<string, int> affectedCounts) =>
        new(incident.Jurisdictions, incident.AwareAt, incident.DiscoveredAt, incident.DeterminedAt, incident.IndividualNoticeAt)
        {
            AffectedCounts = affectedCounts,
            Delays = incident.Delays,
            DelayReasons = incident.DelayReasons,
        };
}
