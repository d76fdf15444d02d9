using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Templates;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Campaigns;

/// <summary>Preflight and what binds a submission or approval to it: the audience hash, the cheap stamps, voiding.</summary>
public sealed partial class CampaignService
{
    // ---- preflight and the approval's binding ----------------------------------------------------------------------

    internal async Task<(PreflightResult Result, Stamps Stamps)> RunPreflightAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var stamps = await ReadStampsAsync(campaign, cancellationToken);
        var incident = await ReadIncidentFactsAsync(campaign.IncidentId, cancellationToken);
        var templates = await classifier.LoadTemplatesAsync(campaign.TemplateName, cancellationToken);
        var byChannel = new Dictionary<string, int>(StringComparer.Ordinal);
        var byLocale = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new Dictionary<(Channel, string), int>();
        var used = new Dictionary<Guid, (Channel Channel, TemplateRef Template)>();
        int audience = 0, suppressed = 0, residency = 0, noRoute = 0, noConsent = 0, total = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(TemplatesStamp(templates, incident) + "\n"));
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
                        used.TryAdd(d.Template!.VersionId, (d.Channel!.Value, d.Template));
                        break;
                    case DecisionKind.Suppressed:
                        suppressed++;
                        break;
                    case DecisionKind.Blocked when d.Reason == ExceptionReasons.Residency:
                        residency++;
                        break;
                    case DecisionKind.Blocked when d.Reason == ExceptionReasons.NoElectronicConsent:
                        noConsent++;
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

        // Coverage (issue 14): every version the audience would receive was approved for every jurisdiction of the incident
        // whose rules apply to its channel, and still passes today's rules for the incident's data elements.
        var covered = await ReadCoveredVersionsAsync(used, cancellationToken);
        var (uncovered, findings) = await coverage.CheckAsync(covered, incident.Jurisdictions, incident.DataElements, cancellationToken, SentValues());
        var (emptyFacts, overLength) = await coverage.IncidentFactsAsync(covered, incident.EmptyVariables(), incident.PrintedIn);
        findings = [.. findings, .. overLength];
        var notReady = new List<string>();
        if (audience == 0)
        {
            notReady.Add("No contact can be reached.");
        }

        notReady.AddRange(gaps.Select(g => string.Create(CultureInfo.InvariantCulture,
            $"{g.Contacts} contact(s) on {g.Channel} in {g.Locale} have no approved template in their language.")));
        notReady.AddRange(uncovered.Select(u => u.Message));
        notReady.AddRange(findings.Select(f => f.Message));

        // Warnings, never blockers: an incident opened without its notice facts (the contract's create has none) still
        // sends. An empty description prints the title, as dispatch always did; an unknown breach period is lawful ("if
        // possible to determine", Cal. Civ. Code §1798.82(d)(2)(C)) and prints as nothing. The approver reads which.
        var warnings = emptyFacts.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Channel} {f.Locale} (v{f.Version}) prints {{{{ {f.Variable} }}}}, ")
            + (f.Variable == IncidentFacts.DescriptionVariable
                ? "but the incident has no description, so it prints the incident's title: write what happened on the incident page."
                : "which the incident leaves empty, so it prints as nothing: enter the breach period on the incident page if it can be determined.")).ToList();

        var result = new PreflightResult(notReady.Count == 0, audience, byChannel, byLocale, new SuppressedCounts(suppressed),
            new BlockedCounts(residency, noRoute, noConsent), gaps, total, time.GetUtcNow(), Convert.ToHexStringLower(hash.GetHashAndReset()),
            uncovered, findings, notReady, warnings);
        return (result, stamps with { Templates = TemplatesStamp(templates, incident) });
    }

    /// <summary>The configured values notices print that rules set minimums for (e.g. months of identity-theft protection).</summary>
    private Dictionary<string, (decimal Value, string Setting)> SentValues() => new(StringComparer.Ordinal)
    {
        ["identity_protection.months"] = (notice.Value.IdentityProtectionMonths, $"{NoticeOptions.Section}:{nameof(NoticeOptions.IdentityProtectionMonths)}"),
    };

    /// <summary>
    /// What of the incident the template choice, coverage and the sent text depend on: its jurisdictions, exposed data
    /// elements, and the notice facts (description, breach period) every notice prints.
    /// </summary>
    internal sealed record IncidentFacts(IReadOnlyList<string> Jurisdictions, IReadOnlyList<string> DataElements,
        string? Description = null, DateTimeOffset? BreachStart = null, DateTimeOffset? BreachEnd = null, string Title = "")
    {
        public const string DescriptionVariable = "incident.description";

        /// <summary>The sample notice in <paramref name="locale"/>'s language carrying this incident's facts as dispatch prints them.</summary>
        public NoticeModel PrintedIn(string locale) => NoticeModel.SampleFor(locale) with
        {
            IncidentTitle = Title,
            IncidentDescription = Description ?? Title,
            BreachStart = BreachStart,
            BreachEnd = BreachEnd,
            DataElements = Incidents.DataElements.LabelsOf(DataElements, locale),
        };

        /// <summary>The notice facts are stamped only once one is entered, so approvals given before they existed stay valid.</summary>
        public string Stamp => "incident:" + string.Join(",", Jurisdictions.Order(StringComparer.Ordinal)) + "|"
            + string.Join(",", DataElements.Order(StringComparer.Ordinal))
            + (Description is null && BreachStart is null && BreachEnd is null ? ""
                : "|" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Description ?? ""))) + "|"
                  + BreachStart?.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + BreachEnd?.UtcTicks.ToString(CultureInfo.InvariantCulture));

        /// <summary>The notice variables these facts leave empty.</summary>
        public IReadOnlySet<string> EmptyVariables()
        {
            var empty = new HashSet<string>(StringComparer.Ordinal);
            if (Description is null)
            {
                empty.Add(DescriptionVariable);
            }

            if (BreachStart is null)
            {
                empty.Add("incident.breach_start");
            }

            if (BreachEnd is null)
            {
                empty.Add("incident.breach_end");
            }

            return empty;
        }
    }

    /// <summary>The template versions and the incident facts coverage read: an approval is void when either changes.</summary>
    private static string TemplatesStamp(TemplateMap templates, IncidentFacts incident) => templates.Fingerprint() + "\n" + incident.Stamp;

    private async Task<IncidentFacts> ReadIncidentFactsAsync(Guid incidentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId)
            .Select(i => new { i.Jurisdictions, i.DataElements, i.Description, i.BreachStart, i.BreachEnd, i.Title }).FirstOrDefaultAsync(cancellationToken);
        return new IncidentFacts(row?.Jurisdictions ?? [], row?.DataElements ?? [], row?.Description, row?.BreachStart, row?.BreachEnd, row?.Title ?? "");
    }

    private async Task<List<CoveredVersion>> ReadCoveredVersionsAsync(Dictionary<Guid, (Channel Channel, TemplateRef Template)> used,
        CancellationToken cancellationToken)
    {
        if (used.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = used.Keys.ToList();
        var rows = await db.TemplateVersions.AsNoTracking().Where(v => ids.Contains(v.Id))
            .Select(v => new { v.Id, v.Jurisdictions, v.Subject, v.Body }).ToListAsync(cancellationToken);
        return [.. rows.Select(r =>
        {
            var (channel, template) = used[r.Id];
            return new CoveredVersion(channel, template.Locale, template.Version, r.Jurisdictions, r.Subject, r.Body);
        })];
    }

    /// <summary>
    /// True when the submission or approval still covers what it saw. Cheap stamps first (contact count and highest id,
    /// the newest preference change, the template versions); a changed stamp means a fresh preflight, and a changed
    /// audience hash voids the submission (back to Draft, audited) — visible on the page and in the API.
    /// </summary>
    private async Task<bool> EnsureStillCurrentAsync(BreachConsoleDbContext db, Campaign campaign, Actor actor, CancellationToken cancellationToken)
    {
        var stamps = await ReadStampsAsync(campaign, cancellationToken);
        var templates = TemplatesStamp(await classifier.LoadTemplatesAsync(campaign.TemplateName, cancellationToken),
            await ReadIncidentFactsAsync(campaign.IncidentId, cancellationToken));
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
            reason = "a template version was approved or retired, or the incident's jurisdictions or data elements changed, after submission";
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
