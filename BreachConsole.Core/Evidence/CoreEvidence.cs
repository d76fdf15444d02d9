using System.Globalization;
using System.Runtime.CompilerServices;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Incidents;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Evidence;

/// <summary>The incident itself and its regulatory deadlines.</summary>
internal sealed class IncidentEvidence(RegulatoryClock clock, TimeProvider time) : IEvidenceContributor
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
        var now = time.GetUtcNow();
        await pack.AddCsvAsync("deadlines.csv", ["jurisdiction", "audience", "dueAt", "status", "delayReason", "rule", "rulesReviewedOn"],
            Many(incident.Deadlines.Select(d => new[]
            {
                d.Jurisdiction, d.Audience.ToString(), d.DueAt is { } due ? Iso(due) : "", Status(d, now), "", d.Rule,
                clock.ReviewedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            })),
            cancellationToken);

        pack.Summary.Add(new EvidenceSummarySection("Incident",
        [
            ("Id", incident.Id.ToString()),
            ("Title", incident.Title),
            ("Aware at (UTC)", Iso(incident.AwareAt)),
            ("Jurisdictions", string.Join(", ", incident.Jurisdictions)),
            ("Data elements", string.Join(", ", incident.DataElements)),
            ("External reference", incident.ExternalRef ?? "—"),
            ("State", incident.State.ToString()),
            ("Opened by", $"{incident.CreatedBy}, {Iso(incident.CreatedAt)}"),
        ]));
        pack.Summary.Add(new EvidenceSummarySection("Deadlines",
            incident.Deadlines.Count == 0
                ? [("Deadlines", "No deadline rule applies to these jurisdictions.")]
                : [.. incident.Deadlines.Select(d => ($"{d.Jurisdiction} · {d.Audience}",
                    $"{(d.DueAt is { } due ? Iso(due) : "no fixed hours")} — {Status(d, now)}"))],
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
