using System.Globalization;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Genesys;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// Per-contact outcome after a channel completed with skips. Genesys's progress says how many contacts it skipped
/// (<c>numberOfContactsSkipped</c>: DNC, uncallable, no usable address), not which: each uploaded contact of such a
/// channel is read back (<c>GET …/contactlists/{id}/contacts/{contactId}</c>) and becomes Delivered when Genesys recorded
/// a message or a call on it (<c>latestSmsEvaluations</c>, <c>latestEmailEvaluations</c>, <c>callRecords</c>), else Failed
/// with reason <see cref="SkippedReason"/>. It runs after completion, a page per tick through the shared rate budget, so
/// the incident's notice is recorded at once and a large list is reconciled without starving other campaigns. Channels
/// Genesys reports no skips for need no reads: their uploaded contacts were all messaged.
/// </summary>
public sealed class OutcomeReconciler(GenesysClient genesys, TimeProvider time)
{
    /// <summary>Reads per campaign and tick: a small share of the default 300 requests a minute.</summary>
    public const int PageSize = 20;

    public const string SkippedReason = "skippedByGenesys";
    public const string NotInListReason = "notInGenesysList";

    /// <summary>Completed campaigns with a channel Genesys reported skips for and contacts whose outcome is not yet known.</summary>
    public static Task<List<Guid>> PendingAsync(BreachConsoleDbContext db, CancellationToken cancellationToken) =>
        db.Set<CampaignChannelState>().AsNoTracking()
            .Where(c => c.Skipped > 0 && db.Set<Campaign>().Any(k => k.Id == c.CampaignId && k.State == CampaignState.Completed)
                        && db.Set<OutboxItem>().Any(i => i.CampaignId == c.CampaignId && i.Channel == c.Channel && i.State == OutboxItemState.Uploaded))
            .Select(c => c.CampaignId).Distinct().ToListAsync(cancellationToken);

    /// <summary>
    /// Reconciles one page of the campaign's unknown outcomes; true when something changed. The caller holds the
    /// campaign's driver lease. A rate-limited read ends the page early (the next tick carries on).
    /// </summary>
    public async Task<bool> ReconcilePageAsync(BreachConsoleDbContext db, Guid campaignId, CancellationToken cancellationToken)
    {
        var channels = await db.Set<CampaignChannelState>()
            .Where(c => c.CampaignId == campaignId && c.Skipped > 0 && c.ContactListId != null).ToListAsync(cancellationToken);
        var changed = false;
        foreach (var channel in channels)
        {
            var items = await db.Set<OutboxItem>()
                .Where(i => i.CampaignId == campaignId && i.Channel == channel.Channel && i.State == OutboxItemState.Uploaded)
                .OrderBy(i => i.Id).Take(PageSize).ToListAsync(cancellationToken);
            foreach (var item in items)
            {
                DialerContact? contact;
                try
                {
                    contact = await genesys.GetContactAsync(channel.ContactListId!, item.GenesysContactId!, cancellationToken);
                }
                catch (GenesysRetryLaterException)
                {
                    break;
                }

                var messaged = contact is not null && (channel.Channel switch
                {
                    Channel.Sms => contact.LatestSmsEvaluations is { Count: > 0 },
                    Channel.Email => contact.LatestEmailEvaluations is { Count: > 0 },
                    _ => contact.CallRecords is { Count: > 0 },
                });
                item.State = messaged ? OutboxItemState.Delivered : OutboxItemState.Failed;
                item.Reason = messaged ? null : contact is null ? NotInListReason : SkippedReason;
                item.UpdatedAt = time.GetUtcNow();
                changed = true;
            }
        }

        if (!changed)
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        var reconciled = channels.Select(c => (Channel?)c.Channel).ToList();
        var outcomes = await db.Set<OutboxItem>().AsNoTracking()
            .Where(i => i.CampaignId == campaignId && reconciled.Contains(i.Channel))
            .GroupBy(i => i.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        if (!outcomes.Any(o => o.State == OutboxItemState.Uploaded))
        {
            db.AddAudit(Actor.System, AuditActions.CampaignOutcomesReconciled, CampaignService.Target(campaignId), new Dictionary<string, string>
            {
                ["channels"] = string.Join(",", channels.Select(c => c.Channel)),
                ["delivered"] = Count(OutboxItemState.Delivered),
                ["failed"] = Count(OutboxItemState.Failed),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;

        string Count(OutboxItemState state) =>
            (outcomes.FirstOrDefault(o => o.State == state)?.Count ?? 0).ToString(CultureInfo.InvariantCulture);
    }
}
