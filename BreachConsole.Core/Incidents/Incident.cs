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

/// <summary>A confirmed breach: the clock starts at <see cref="AwareAt"/>.</summary>
public sealed class Incident
{
    public Guid Id { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset AwareAt { get; set; }
    public List<string> Jurisdictions { get; set; } = [];
    public List<string> DataElements { get; set; } = [];

    /// <summary>The id in the system that raised it (<c>pagerduty:PXYZ</c>, <c>jira:SEC-12</c>); unique when set.</summary>
    public string? ExternalRef { get; set; }

    public IncidentState State { get; set; } = IncidentState.Open;
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
