using System.Globalization;
using System.Runtime.CompilerServices;
using BreachConsole.Core.Evidence;
using BreachConsole.Core.Incidents;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Audit;

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
            yield return [e.Sequence.ToString(CultureInfo.InvariantCulture), EvidenceRows.Iso(e.At), e.Actor, e.Role, e.Action, e.Target,
                e.Outcome.ToString(), e.Details, e.Hash];
        }
    }
}
