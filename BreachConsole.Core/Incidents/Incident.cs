namespace BreachConsole.Core.Incidents;

public enum IncidentState
{
    Open,
    Notifying,
    Closed,

    /// <summary>Raised by a webhook (PagerDuty, Jira); waits for an operator to confirm it (→ Open) or dismiss it.</summary>
    Triage,

    /// <summary>A Triage incident an operator judged not to be a breach.</summary>
    Dismissed,
}

/// <summary>
/// A confirmed breach. Statutes start their clocks at different events, so the incident records all three:
/// <see cref="AwareAt"/> (GDPR), <see cref="DiscoveredAt"/> (HIPAA, California, New York, Vermont, Puerto Rico) and
/// <see cref="DeterminedAt"/> (Colorado, Delaware, Florida, Texas).
/// </summary>
public sealed class Incident
{
    public Guid Id { get; set; }
    public required string Title { get; set; }

    /// <summary>When the organisation became aware of the breach (GDPR Art. 33).</summary>
    public DateTimeOffset AwareAt { get; set; }

    /// <summary>When the breach was discovered: the first day anyone in the workforce knew or should have known (HIPAA).</summary>
    public DateTimeOffset DiscoveredAt { get; set; }

    /// <summary>When the organisation determined that a breach of security occurred (Colorado, Delaware, Florida, Texas).</summary>
    public DateTimeOffset DeterminedAt { get; set; }

    /// <summary>When the first notice to individuals went out (set when the incident's first campaign completes).</summary>
    public DateTimeOffset? IndividualNoticeAt { get; set; }

    public List<string> Jurisdictions { get; set; } = [];
    public List<string> DataElements { get; set; } = [];

    /// <summary>
    /// What happened, in plain words, as the notice prints it (<c>incident.description</c>): the nature of the breach
    /// (GDPR Art. 34(2), Cal. Civ. Code §1798.82(d)(2)(E)). About the incident, never about a customer.
    /// </summary>
    public string? Description { get; set; }

    /// <summary>When the breach began, or its estimate (<c>incident.breach_start</c>; §1798.82(d)(2)(C)); null when not determinable.</summary>
    public DateTimeOffset? BreachStart { get; set; }

    /// <summary>When the breach ended, or its estimate (<c>incident.breach_end</c>); null while unknown or ongoing.</summary>
    public DateTimeOffset? BreachEnd { get; set; }

    /// <summary>Affected people per jurisdiction as entered by an operator (<c>US-CA</c> → 1200); overrides counts derived from contacts.</summary>
    public Dictionary<string, int> AffectedCounts { get; set; } = [];

    /// <summary>Law-enforcement delays and Florida's good-cause extension, as recorded.</summary>
    public List<IncidentDelay> Delays { get; set; } = [];

    /// <summary>Why a deadline passed without its notice, one per rule.</summary>
    public List<DeadlineDelayReason> DelayReasons { get; set; } = [];

    /// <summary>The id in the system that raised it (<c>pagerduty:PXYZ</c>, <c>jira:SEC-12</c>); unique when set.</summary>
    public string? ExternalRef { get; set; }

    public IncidentState State { get; set; } = IncidentState.Open;
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// True when a law-enforcement delay is recorded for any of <paramref name="jurisdictions"/> (a delay without
    /// jurisdictions covers them all): a notice must say whether it was delayed by a law-enforcement investigation
    /// (Cal. Civ. Code §1798.82(d)(2)(D)), and one sent under such a delay must not say it was not.
    /// </summary>
    public bool DelayedByLawEnforcement(IEnumerable<string> jurisdictions) =>
        Delays.Any(d => d.Kind == IncidentDelayKind.LawEnforcement
                        && (d.Jurisdictions.Count == 0 || d.Jurisdictions.Intersect(jurisdictions, StringComparer.Ordinal).Any()));
}

public enum IncidentDelayKind
{
    /// <summary>A law-enforcement agency asked for notice to wait (from–to) because it would impede an investigation.</summary>
    LawEnforcement,

    /// <summary>Fla. Stat. §501.171(3)(a): 15 more days for the notice to individuals, good cause given in writing.</summary>
    FloridaExtension,
}

/// <summary>A recorded delay. <see cref="Jurisdictions"/> empty means every jurisdiction of the incident.</summary>
public sealed record IncidentDelay(
    Guid Id,
    IncidentDelayKind Kind,
    string? RequestedBy,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? Reason,
    IReadOnlyList<string> Jurisdictions,
    string RecordedBy,
    DateTimeOffset RecordedAt);

/// <summary>Why the deadline of rule <see cref="RuleId"/> passed without its notice.</summary>
public sealed record DeadlineDelayReason(string RuleId, string Reason, string RecordedBy, DateTimeOffset RecordedAt);
