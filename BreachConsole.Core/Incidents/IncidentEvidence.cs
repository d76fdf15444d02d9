using System.Globalization;
using BreachConsole.Core.Evidence;

namespace BreachConsole.Core.Incidents;

/// <summary>The incident itself and its regulatory deadlines.</summary>
internal sealed class IncidentEvidence(RegulatoryClock clock, TimeProvider time) : IEvidenceContributor
{
    public int Order => 0;

    public async Task ContributeAsync(EvidencePackWriter pack, CancellationToken cancellationToken)
    {
        var incident = pack.Incident;
        await pack.AddCsvAsync("incident.csv",
            ["id", "title", "awareAt", "jurisdictions", "dataElements", "externalRef", "state", "createdBy", "createdAt"],
            EvidenceRows.One([incident.Id.ToString(), incident.Title, EvidenceRows.Iso(incident.AwareAt), string.Join(";", incident.Jurisdictions),
                string.Join(";", incident.DataElements), incident.ExternalRef ?? "", incident.State.ToString(), incident.CreatedBy, EvidenceRows.Iso(incident.CreatedAt)]),
            cancellationToken);
        var now = time.GetUtcNow();
        await pack.AddCsvAsync("deadlines.csv", ["jurisdiction", "audience", "dueAt", "status", "delayReason", "rule", "rulesReviewedOn"],
            EvidenceRows.Many(incident.Deadlines.Select(d => new[]
            {
                d.Jurisdiction, d.Audience.ToString(), d.DueAt is { } due ? EvidenceRows.Iso(due) : "", Status(d, now), "", d.Rule,
                clock.ReviewedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            })),
            cancellationToken);

        pack.Summary.Add(new EvidenceSummarySection("Incident",
        [
            ("Id", incident.Id.ToString()),
            ("Title", incident.Title),
            ("Aware at (UTC)", EvidenceRows.Iso(incident.AwareAt)),
            ("Jurisdictions", string.Join(", ", incident.Jurisdictions)),
            ("Data elements", string.Join(", ", incident.DataElements)),
            ("External reference", incident.ExternalRef ?? "—"),
            ("State", incident.State.ToString()),
            ("Opened by", $"{incident.CreatedBy}, {EvidenceRows.Iso(incident.CreatedAt)}"),
        ]));
        pack.Summary.Add(new EvidenceSummarySection("Deadlines",
            incident.Deadlines.Count == 0
                ? [("Deadlines", "No deadline rule applies to these jurisdictions.")]
                : [.. incident.Deadlines.Select(d => ($"{d.Jurisdiction} · {d.Audience}",
                    $"{(d.DueAt is { } due ? EvidenceRows.Iso(due) : "no fixed hours")} — {Status(d, now)}"))],
            $"Rules reviewed on {clock.ReviewedOn:yyyy-MM-dd}. No campaign has sent a notice yet, so no deadline is met; "
            + "delay reasons are recorded once notices are sent."));
    }

    /// <summary>Whether a deadline is met. Until campaigns send notices, none is: it is open, overdue, or has no fixed hours.</summary>
    private static string Status(Deadline deadline, DateTimeOffset now) => deadline.DueAt switch
    {
        null => "Not met yet (no fixed hours)",
        { } due when due > now => "Open",
        _ => "Overdue (no notice sent)",
    };
}
