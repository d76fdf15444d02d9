using System.Globalization;
using BreachConsole.Core.Evidence;

namespace BreachConsole.Core.Incidents;

/// <summary>The incident itself and its regulatory deadlines.</summary>
internal sealed class IncidentEvidence(RegulatoryClock clock) : IEvidenceContributor
{
    public int Order => 0;

    public async Task ContributeAsync(EvidencePackWriter pack, CancellationToken cancellationToken)
    {
        var incident = pack.Incident;
        await pack.AddCsvAsync("incident.csv",
            ["id", "title", "awareAt", "jurisdictions", "dataElements", "externalRef", "state", "createdBy", "createdAt", "description", "breachStart", "breachEnd"],
            EvidenceRows.One([incident.Id.ToString(), incident.Title, EvidenceRows.Iso(incident.AwareAt), string.Join(";", incident.Jurisdictions),
                string.Join(";", incident.DataElements), incident.ExternalRef ?? "", incident.State.ToString(), incident.CreatedBy, EvidenceRows.Iso(incident.CreatedAt),
                incident.Description ?? "", incident.BreachStart is { } start ? EvidenceRows.Iso(start) : "", incident.BreachEnd is { } end ? EvidenceRows.Iso(end) : ""]),
            cancellationToken);
        await pack.AddCsvAsync("deadlines.csv",
            ["jurisdiction", "audience", "dueAt", "status", "delayReason", "rule", "rulesReviewedOn",
                "recipient", "ruleId", "startsFrom", "startedAt", "latestDueAt", "noticeSentAt", "threshold", "affected", "adjustments", "source"],
            EvidenceRows.Many(incident.Deadlines.Select(d => new[]
            {
                d.Jurisdiction, d.Audience.ToString(), d.DueAt is { } due ? EvidenceRows.Iso(due) : "", d.Status.ToString(), d.DelayReason ?? "", d.Rule,
                d.ReviewedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                d.Recipient, d.RuleId, d.StartsFrom.ToString(), d.StartedAt is { } started ? EvidenceRows.Iso(started) : "",
                d.LatestDueAt is { } bound ? EvidenceRows.Iso(bound) : "", d.NoticeSentAt is { } sent ? EvidenceRows.Iso(sent) : "", d.Threshold ?? "",
                d.Affected?.ToString(CultureInfo.InvariantCulture) ?? "", string.Join("; ", d.Adjustments), d.Source,
            })),
            cancellationToken);
        await pack.AddCsvAsync("delays.csv", ["kind", "requestedBy", "from", "to", "jurisdictions", "reason", "recordedBy", "recordedAt"],
            EvidenceRows.Many(incident.Delays.Select(d => new[]
            {
                d.Kind.ToString(), d.RequestedBy ?? "", d.From is { } from ? EvidenceRows.Iso(from) : "", d.To is { } to ? EvidenceRows.Iso(to) : "",
                string.Join(";", d.Jurisdictions), d.Reason ?? "", d.RecordedBy, EvidenceRows.Iso(d.RecordedAt),
            })),
            cancellationToken);

        pack.Summary.Add(new EvidenceSummarySection("Incident",
        [
            ("Id", incident.Id.ToString()),
            ("Title", incident.Title),
            ("Aware at (UTC)", EvidenceRows.Iso(incident.AwareAt)),
            ("Discovered at (UTC)", EvidenceRows.Iso(incident.DiscoveredAt)),
            ("Determined at (UTC)", EvidenceRows.Iso(incident.DeterminedAt)),
            ("Individual notice sent (UTC)", incident.IndividualNoticeAt is { } noticeAt ? EvidenceRows.Iso(noticeAt) : "not yet"),
            ("Description (as notices print it)", incident.Description ?? "none entered (a notice that prints the description prints the title instead)"),
            ("Breach period (UTC)", NoticeFactRules.DescribePeriod(incident.BreachStart, incident.BreachEnd, EvidenceRows.Iso)),
            ("Jurisdictions", string.Join(", ", incident.Jurisdictions)),
            ("Data elements", string.Join(", ", DataElements.LabelsOf(incident.DataElements))),
            ("Affected people", incident.Affected.Count == 0 ? "no counts"
                : string.Join(", ", incident.Affected.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Jurisdiction} {a.Count} ({(a.Entered ? "entered" : "from contacts")})")))),
            ("External reference", incident.ExternalRef ?? "—"),
            ("State", incident.State.ToString()),
            ("Opened by", $"{incident.CreatedBy}, {EvidenceRows.Iso(incident.CreatedAt)}"),
        ]));
        pack.Summary.Add(new EvidenceSummarySection("Deadlines",
            incident.Deadlines.Count == 0
                ? [("Deadlines", "No deadline rule applies to these jurisdictions.")]
                : [.. incident.Deadlines.Select(d => ($"{d.Jurisdiction} · {d.Recipient} ({d.Audience})",
                    $"{(d.DueAt is { } due ? EvidenceRows.Iso(due) : d.LatestDueAt is { } bound ? "no later than " + EvidenceRows.Iso(bound) : "no fixed time")} from {d.StartsFrom} — {d.Status}"
                    + (d.DelayReason is null ? "" : $"; delay reason: {d.DelayReason}")))],
            $"Rules reviewed on {clock.ReviewedOn:yyyy-MM-dd}. Individual deadlines are met or late against the first individual notice; "
            + "authority filings happen outside the console. Delays and extensions are in delays.csv."));
        if (incident.Delays.Count > 0)
        {
            pack.Summary.Add(new EvidenceSummarySection("Delays",
                [.. incident.Delays.Select(d => (d.Kind.ToString(), d.Kind == IncidentDelayKind.LawEnforcement
                    ? $"requested by {d.RequestedBy}, {(d.From is { } f ? EvidenceRows.Iso(f) : "")} to {(d.To is { } t ? EvidenceRows.Iso(t) : "")}"
                    : $"good cause in writing: {d.Reason}"))]));
        }
    }
}
