using System.Globalization;
using System.Runtime.CompilerServices;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Incidents;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Evidence;

/// <summary>The incident itself and its regulatory deadlines.</summary>
internal sealed class IncidentEvidence(RegulatoryClock clock) : IEvidenceContributor
{
    public int Order => 0;

    public async Task ContributeAsync(EvidencePackWriter pack, CancellationToken cancellationToken)
    {
        var incident = pack.Incident;
        await pack.AddCsvAsync("incident.csv",
            ["id", "title", "awareAt", "jurisdictions", "dataElements", "externalRef", "state", "createdBy", "createdAt"],
            One([incident.Id.ToString(), incident.Title, Iso(incident.AwareAt), string.Join(";", incident.Jurisdictions),
                string.Join(";", incident.DataElements), incident.ExternalRef ?? "", incident.State.ToString(), incident.CreatedBy, Iso(incident.CreatedAt)]),
            cancellationToken);
        await pack.AddCsvAsync("deadlines.csv",
            ["jurisdiction", "audience", "dueAt", "status", "delayReason", "rule", "rulesReviewedOn",
                "recipient", "ruleId", "startsFrom", "startedAt", "latestDueAt", "noticeSentAt", "threshold", "affected", "adjustments", "source"],
            Many(incident.Deadlines.Select(d => new[]
            {
                d.Jurisdiction, d.Audience.ToString(), d.DueAt is { } due ? Iso(due) : "", d.Status.ToString(), d.DelayReason ?? "", d.Rule,
                d.ReviewedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                d.Recipient, d.RuleId, d.StartsFrom.ToString(), d.StartedAt is { } started ? Iso(started) : "",
                d.LatestDueAt is { } bound ? Iso(bound) : "", d.NoticeSentAt is { } sent ? Iso(sent) : "", d.Threshold ?? "",
                d.Affected?.ToString(CultureInfo.InvariantCulture) ?? "", string.Join("; ", d.Adjustments), d.Source,
            })),
            cancellationToken);
        await pack.AddCsvAsync("delays.csv", ["kind", "requestedBy", "from", "to", "jurisdictions", "reason", "recordedBy", "recordedAt"],
            Many(incident.Delays.Select(d => new[]
            {
                d.Kind.ToString(), d.RequestedBy ?? "", d.From is { } from ? Iso(from) : "", d.To is { } to ? Iso(to) : "",
                string.Join(";", d.Jurisdictions), d.Reason ?? "", d.RecordedBy, Iso(d.RecordedAt),
            })),
            cancellationToken);

        pack.Summary.Add(new EvidenceSummarySection("Incident",
        [
            ("Id", incident.Id.ToString()),
            ("Title", incident.Title),
            ("Aware at (UTC)", Iso(incident.AwareAt)),
            ("Discovered at (UTC)", Iso(incident.DiscoveredAt)),
            ("Determined at (UTC)", Iso(incident.DeterminedAt)),
            ("Individual notice sent (UTC)", incident.IndividualNoticeAt is { } noticeAt ? Iso(noticeAt) : "not yet"),
            ("Jurisdictions", string.Join(", ", incident.Jurisdictions)),
            ("Data elements", string.Join(", ", incident.DataElements)),
            ("Affected people", incident.Affected.Count == 0 ? "no counts"
                : string.Join(", ", incident.Affected.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Jurisdiction} {a.Count} ({(a.Entered ? "entered" : "from contacts")})")))),
            ("External reference", incident.ExternalRef ?? "—"),
            ("State", incident.State.ToString()),
            ("Opened by", $"{incident.CreatedBy}, {Iso(incident.CreatedAt)}"),
        ]));
        pack.Summary.Add(new EvidenceSummarySection("Deadlines",
            incident.Deadlines.Count == 0
                ? [("Deadlines", "No deadline rule applies to these jurisdictions.")]
                : [.. incident.Deadlines.Select(d => ($"{d.Jurisdiction} · {d.Recipient} ({d.Audience})",
                    $"{(d.DueAt is { } due ? Iso(due) : d.LatestDueAt is { } bound ? "no later than " + Iso(bound) : "no fixed time")} from {d.StartsFrom} — {d.Status}"
                    + (d.DelayReason is null ? "" : $"; delay reason: {d.DelayReason}")))],
            $"Rules reviewed on {clock.ReviewedOn:yyyy-MM-dd}. Individual deadlines are met or late against the first individual notice; "
            + "authority filings happen outside the console. Delays and extensions are in delays.csv."));
        if (incident.Delays.Count > 0)
        {
            pack.Summary.Add(new EvidenceSummarySection("Delays",
                [.. incident.Delays.Select(d => (d.Kind.ToString(), d.Kind == IncidentDelayKind.LawEnforcement
                    ? $"requested by {d.RequestedBy}, {(d.From is { } f ? Iso(f) : "")} to {(d.To is { } t ? Iso(t) : "")}"
                    : $"good cause in writing: {d.Reason}"))]));
        }
    }

    internal static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static async IAsyncEnumerable<string[]> One(string[] row)
    {
        await Task.CompletedTask;
        yield return row;
    }

    internal static async IAsyncEnumerable<string[]> Many(IEnumerable<string[]> rows)
    {
        await Task.CompletedTask;
        foreach (var row in rows)
        {
            yield return row;
        }
    }
}

/// <summary>The audit entries about this incident (targets <c>incident:{id}</c> and below, and its contacts' preference changes).</summary>
internal sealed class AuditEvidence : IEvidenceContributor
{
    public int Order => 1000;

    public async Task ContributeAsync(EvidencePackWriter pack, CancellationToken cancellationToken)
    {
        var target = IncidentService.IncidentTarget(pack.IncidentId);
        var count = await pack.AddCsvAsync("audit.csv",
            ["sequence", "at", "actor", "role", "action", "target", "outcome", "details", "hash"],
            Rows(pack, target, cancellationToken), cancellationToken);
        pack.Summary.Add(new EvidenceSummarySection("Audit trail for this incident",
            [("Entries", count.ToString(CultureInfo.InvariantCulture))], "Full entries with their chain hashes are in audit.csv."));
    }

    private static async IAsyncEnumerable<string[]> Rows(EvidencePackWriter pack, string target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = target + ":";
        // Preference changes decide suppression, so the changes to this incident's contacts belong in its evidence.
        var contactTargets = pack.Db.Contacts.Where(c => c.IncidentId == pack.IncidentId).Select(c => Preferences.PreferenceService.ContactTargetPrefix + c.Token);
        var entries = pack.Db.AuditEntries.AsNoTracking()
            .Where(e => e.Target == target || e.Target.StartsWith(prefix)
                || (e.Action == AuditActions.PreferenceChanged && contactTargets.Contains(e.Target)))
            .OrderBy(e => e.Sequence)
            .AsAsyncEnumerable();
        await foreach (var e in entries.WithCancellation(cancellationToken))
        {
            yield return [e.Sequence.ToString(CultureInfo.InvariantCulture), IncidentEvidence.Iso(e.At), e.Actor, e.Role, e.Action, e.Target,
                e.Outcome.ToString(), e.Details, e.Hash];
        }
    }
}
