using System.Globalization;
using System.Runtime.CompilerServices;
using BreachConsole.Core.Evidence;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// The evidence pack's campaign part: each campaign with its preflight, submission, approval (and the hash it bound),
/// launch and completion; the template versions it sent with their author and approver; and the per-contact outcome
/// (token, channel, locale, version, state, reason, time). No personal data: contacts appear by token only.
/// </summary>
internal sealed class CampaignEvidence : IEvidenceContributor
{
    public int Order => 200;

    public async Task ContributeAsync(EvidencePackWriter pack, CancellationToken cancellationToken)
    {
        var campaigns = await pack.Db.Campaigns.AsNoTracking().Where(c => c.IncidentId == pack.IncidentId).OrderBy(c => c.CreatedAt)
            .ToListAsync(cancellationToken);
        await pack.AddCsvAsync("campaigns.csv",
            ["id", "name", "templateName", "state", "createdBy", "preflightAt", "preflightHash", "audience", "suppressed", "blockedResidency",
                "blockedNoRoute", "blockedNoElectronicConsent", "notReady", "submittedBy", "submittedAt", "approvedBy", "approvedAt", "approvalHash", "voidReason", "launchedBy", "launchedAt",
                "completedAt", "cancelledAt", "slaBreachedAt", "preflightWarnings"],
            EvidenceRows.Many(campaigns.Select(c =>
            {
                var p = CampaignService.PreflightOf(c);
                return new[]
                {
                    c.Id.ToString(), c.Name, c.TemplateName, c.State.ToString(), c.CreatedBy, Iso(c.PreflightAt), c.PreflightHash ?? "",
                    Count(p?.Audience), Count(p?.Suppressed.ServiceAlertsOptOut), Count(p?.Blocked.Residency), Count(p?.Blocked.NoRoute),
                    Count(p?.Blocked.NoElectronicConsent), string.Join(" | ", p?.NotReady ?? []),
                    c.SubmittedBy ?? "", Iso(c.SubmittedAt), c.ApprovedBy ?? "", Iso(c.ApprovedAt), c.ApprovalHash ?? "", c.VoidReason ?? "",
                    c.LaunchedBy ?? "", Iso(c.LaunchedAt), Iso(c.CompletedAt), Iso(c.CancelledAt), Iso(c.SlaBreachedAt),
                    string.Join(" | ", p?.Warnings ?? []),
                };
            })),
            cancellationToken);

        var ids = campaigns.Select(c => c.Id).ToList();
        var versionIds = await pack.Db.Set<OutboxItem>().AsNoTracking().Where(i => ids.Contains(i.CampaignId) && i.TemplateVersionId != null)
            .Select(i => i.TemplateVersionId!.Value).Distinct().ToListAsync(cancellationToken);
        var versions = await pack.Db.TemplateVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id))
            .Join(pack.Db.Templates.AsNoTracking(), v => v.TemplateId, t => t.Id, (v, t) => new { t.Name, t.Channel, t.Locale, v })
            .OrderBy(x => x.Channel).ThenBy(x => x.Locale).ToListAsync(cancellationToken);
        await pack.AddCsvAsync("campaign-templates.csv",
            ["versionId", "template", "channel", "locale", "version", "contentHash", "author", "submittedBy", "approvedBy", "approvedAt"],
            EvidenceRows.Many(versions.Select(x => new[]
            {
                x.v.Id.ToString(), x.Name, x.Channel.ToString(), x.Locale, x.v.Number.ToString(CultureInfo.InvariantCulture), x.v.ContentHash,
                x.v.AuthoredBy, x.v.SubmittedBy ?? "", x.v.ApprovedBy ?? "", Iso(x.v.ApprovedAt),
            })),
            cancellationToken);

        var outcomes = await pack.AddCsvAsync("campaign-contacts.csv",
            ["campaign", "token", "channel", "locale", "templateVersionId", "state", "reason", "at"],
            Outcomes(pack, ids, cancellationToken), cancellationToken);

        pack.Summary.Add(new EvidenceSummarySection("Campaigns",
            campaigns.Count == 0
                ? [("Campaigns", "No campaign was created for this incident.")]
                : [.. campaigns.Select(c => ($"{c.Name} ({c.State})",
                    $"submitted by {c.SubmittedBy ?? "—"}, approved by {c.ApprovedBy ?? "—"}, launched {Iso(c.LaunchedAt)} by {c.LaunchedBy ?? "—"}, "
                    + $"completed {Iso(c.CompletedAt)}"))],
            $"campaigns.csv has each campaign's preflight and approval hash; campaign-templates.csv the {versions.Count} template versions sent "
            + $"with author and approver; campaign-contacts.csv the outcome of {outcomes} notices by contact token."));
    }

    private static async IAsyncEnumerable<string[]> Outcomes(EvidencePackWriter pack, List<Guid> campaigns,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = pack.Db.Set<OutboxItem>().AsNoTracking().Where(i => campaigns.Contains(i.CampaignId)).OrderBy(i => i.Id)
            .AsAsyncEnumerable().WithCancellation(cancellationToken);
        await foreach (var i in rows)
        {
            yield return [i.CampaignId.ToString(), i.Token, i.Channel?.ToString() ?? "", i.Locale, i.TemplateVersionId?.ToString() ?? "",
                i.State.ToString(), i.Reason ?? "", EvidenceRows.Iso(i.UpdatedAt)];
        }
    }

    private static string Iso(DateTimeOffset? at) => at is { } t ? EvidenceRows.Iso(t) : "";

    private static string Count(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";
}
