using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Campaigns;

/// <summary>Preflight and what binds a submission or approval to it: the audience hash, the cheap stamps, voiding.</summary>
public sealed partial class CampaignService
{
    // ---- preflight and the approval's binding ----------------------------------------------------------------------

    internal async Task<(PreflightResult Result, Stamps Stamps)> RunPreflightAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var stamps = await ReadStampsAsync(campaign, cancellationToken);
        var templates = await classifier.LoadTemplatesAsync(campaign.TemplateName, cancellationToken);
        var byChannel = new Dictionary<string, int>(StringComparer.Ordinal);
        var byLocale = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new Dictionary<(Channel, string), int>();
        int audience = 0, suppressed = 0, residency = 0, noRoute = 0, total = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(templates.Fingerprint() + "\n"));
        await foreach (var chunk in classifier.ClassifyAsync(campaign.IncidentId, templates, 0, cancellationToken))
        {
            foreach (var d in chunk)
            {
                total++;
                hash.AppendData(Encoding.UTF8.GetBytes(d.HashLine()));
                switch (d.Kind)
                {
                    case DecisionKind.Send:
                        audience++;
                        Increment(byChannel, d.Channel!.Value.ToString());
                        Increment(byLocale, d.Locale);
                        break;
                    case DecisionKind.Suppressed:
                        suppressed++;
                        break;
                    case DecisionKind.Blocked when d.Reason == ExceptionReasons.Residency:
                        residency++;
                        break;
                    case DecisionKind.Blocked:
                        noRoute++;
                        break;
                    case DecisionKind.MissingTemplate:
                        missing[(d.Channel!.Value, d.Locale)] = missing.GetValueOrDefault((d.Channel!.Value, d.Locale)) + 1;
                        break;
                }
            }
        }

        var gaps = missing.OrderBy(m => m.Key.Item1).ThenBy(m => m.Key.Item2, StringComparer.Ordinal)
            .Select(m => new MissingTemplate(m.Key.Item1, m.Key.Item2, m.Value)).ToList();
        var result = new PreflightResult(gaps.Count == 0 && audience > 0, audience, byChannel, byLocale, new SuppressedCounts(suppressed),
            new BlockedCounts(residency, noRoute), gaps, total, time.GetUtcNow(), Convert.ToHexStringLower(hash.GetHashAndReset()));
        return (result, stamps with { Templates = templates.Fingerprint() });
    }

    /// <summary>
    /// True when the submission or approval still covers what it saw. Cheap stamps first (contact count and highest id,
    /// the newest preference change, the template versions); a changed stamp means a fresh preflight, and a changed
    /// audience hash voids the submission (back to Draft, audited) — visible on the page and in the API.
    /// </summary>
    private async Task<bool> EnsureStillCurrentAsync(BreachConsoleDbContext db, Campaign campaign, Actor actor, CancellationToken cancellationToken)
    {
        var stamps = await ReadStampsAsync(campaign, cancellationToken);
        var templates = (await classifier.LoadTemplatesAsync(campaign.TemplateName, cancellationToken)).Fingerprint();
        if (stamps.ContactCount == campaign.StampContactCount && stamps.MaxContactId == campaign.StampMaxContactId
            && stamps.PreferencesAt == campaign.StampPreferencesAt && templates == campaign.StampTemplates)
        {
            return true;
        }

        string reason;
        if (stamps.ContactCount != campaign.StampContactCount || stamps.MaxContactId != campaign.StampMaxContactId)
        {
            reason = "contacts were imported after submission";
        }
        else if (templates != campaign.StampTemplates)
        {
            reason = "a template version was approved or retired after submission";
        }
        else
        {
            // A preference changed: void only when it changes who is reached, how, or with which text.
            var (fresh, freshStamps) = await RunPreflightAsync(campaign, cancellationToken);
            if (fresh.Hash == campaign.ApprovalHash)
            {
                freshStamps.ApplyTo(campaign);
                await SaveAsync(db, cancellationToken);
                return true;
            }

            reason = "a preference change altered the audience after submission";
        }

        Void(db, campaign, reason, actor);
        await SaveAsync(db, cancellationToken);
        return false;
    }

    private void Void(BreachConsoleDbContext db, Campaign campaign, string reason, Actor actor)
    {
        var was = campaign.State;
        campaign.State = CampaignState.Draft;
        campaign.VoidReason = reason;
        campaign.VoidedAt = time.GetUtcNow();
        campaign.ApprovalHash = null;
        campaign.ApprovedBy = null;
        campaign.ApprovedById = null;
        campaign.ApprovedAt = null;
        db.AddAudit(actor, AuditActions.CampaignVoided, Target(campaign.Id), new Dictionary<string, string>
        {
            ["from"] = was.ToString(),
            ["reason"] = reason,
        }, roles: Roles.Operations);
    }

    internal sealed record Stamps(int ContactCount, long MaxContactId, DateTimeOffset? PreferencesAt, string? Templates)
    {
        public void ApplyTo(Campaign campaign)
        {
            campaign.StampContactCount = ContactCount;
            campaign.StampMaxContactId = MaxContactId;
            campaign.StampPreferencesAt = PreferencesAt;
            campaign.StampTemplates = Templates;
        }
    }

    private async Task<Stamps> ReadStampsAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contacts = db.Contacts.AsNoTracking().Where(c => c.IncidentId == campaign.IncidentId);
        var count = await contacts.CountAsync(cancellationToken);
        var maxId = count == 0 ? 0 : await contacts.MaxAsync(c => c.Id, cancellationToken);
        var prefs = await db.ContactPreferences.AsNoTracking()
            .Where(p => contacts.Any(c => c.Token == p.Token))
            .OrderByDescending(p => p.UpdatedAt).Select(p => (DateTimeOffset?)p.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        return new Stamps(count, maxId, prefs, null);
    }

    private static void Record(Campaign campaign, PreflightResult result, string by)
    {
        campaign.PreflightAt = result.CheckedAt;
        campaign.PreflightBy = by;
        campaign.PreflightHash = result.Hash;
        campaign.PreflightReady = result.Ready;
        campaign.PreflightJson = JsonSerializer.Serialize(result, Json);
    }
}
