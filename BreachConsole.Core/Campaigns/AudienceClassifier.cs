using System.Runtime.CompilerServices;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Preferences;
using BreachConsole.Core.Templates;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// Decides, per contact, whether and how a campaign reaches it: live preferences (a service-alert opt-out suppresses a
/// breach notice; a marketing opt-out does not), the channel (preferred if it has an address and an open route, else
/// <c>Dispatch:ChannelFallback</c>), residency, HIPAA's electronic-notice consent, and the template version. Reads only what import stored in plain
/// (country, locale, channel, which addresses exist): no personal data is decrypted, so a million contacts take seconds.
/// Preflight and the launch planner share it, so what the approver saw is what is planned.
/// </summary>
public sealed class AudienceClassifier(IDbContextFactory<BreachConsoleDbContext> contexts, IPreferenceSource preferences, ChannelRouting routing)
{
    /// <summary>Contacts read and preference lookups made per round trip.</summary>
    public const int ChunkSize = 5_000;

    /// <summary>The approved versions of <paramref name="templateName"/> now, by (channel, locale).</summary>
    public async Task<TemplateMap> LoadTemplatesAsync(string templateName, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Templates.AsNoTracking()
            .Where(t => t.Name == templateName)
            .SelectMany(t => db.TemplateVersions.Where(v => v.TemplateId == t.Id && v.Status == TemplateStatus.Approved),
                (t, v) => new { t.Channel, t.Locale, t.Id, VersionId = v.Id, v.Number, v.ContentHash })
            .ToListAsync(cancellationToken);
        return new TemplateMap(rows.ToDictionary(r => (r.Channel, r.Locale), r => new TemplateRef(r.Id, r.VersionId, r.Number, r.Locale, r.ContentHash)));
    }

    /// <summary>The decisions for the incident's contacts with an id above <paramref name="afterContactId"/>, in id order, a chunk at a time.</summary>
    public async IAsyncEnumerable<IReadOnlyList<ContactDecision>> ClassifyAsync(Guid incidentId, TemplateMap templates, long afterContactId,
        [EnumeratorCancellation] CancellationToken cancellationToken, long throughContactId = long.MaxValue, int chunkSize = ChunkSize)
    {
        var chains = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var jurisdictions = await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId).Select(i => i.Jurisdictions).FirstOrDefaultAsync(cancellationToken);
        var consentRequired = RequiresElectronicConsent(jurisdictions ?? []);
        var cursor = afterContactId;
        while (true)
        {
            var rows = await db.Contacts.AsNoTracking()
                .Where(c => c.IncidentId == incidentId && c.Id > cursor && c.Id <= throughContactId)
                .OrderBy(c => c.Id)
                .Select(c => new ContactFacts(c.Id, c.Token, c.Country, c.Locale, c.Channel, c.EmailCipher != null, c.PhoneCipher != null))
                .Take(chunkSize)
                .ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                yield break;
            }

            var prefs = await preferences.GetAsync(rows.Select(r => r.Token).ToList(), cancellationToken);
            var decisions = new List<ContactDecision>(rows.Count);
            foreach (var row in rows)
            {
                decisions.Add(Decide(row, prefs.TryGetValue(row.Token, out var p) ? p : PreferenceSnapshot.Default(row.Token), templates, chains,
                    consentRequired));
            }

            yield return decisions;
            cursor = rows[^1].Id;
            if (rows.Count < chunkSize)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// True when email notice needs the person's agreement: HIPAA's individual notice is written notice by first-class mail,
    /// or by email if the individual agreed to electronic notice (45 CFR §164.404(d)(1)(i)).
    /// </summary>
    public static bool RequiresElectronicConsent(IEnumerable<string> incidentJurisdictions) =>
        incidentJurisdictions.Contains(HipaaJurisdiction, StringComparer.Ordinal);

    /// <summary>The incident jurisdiction code of HIPAA (the rules files' and the clock's).</summary>
    public const string HipaaJurisdiction = "US-HIPAA";

    /// <summary>
    /// One contact's decision (pure; the table tests drive it directly). With <paramref name="electronicConsentRequired"/>
    /// (a HIPAA incident), a contact routed to email who has not agreed to electronic notice is not emailed and not moved to
    /// another channel either: it is listed for postal notice (<see cref="ExceptionReasons.NoElectronicConsent"/>).
    /// </summary>
    public ContactDecision Decide(ContactFacts contact, PreferenceSnapshot preference, TemplateMap templates,
        Dictionary<string, string>? localeCache = null, bool electronicConsentRequired = false)
    {
        var locale = preference.PreferredLanguage ?? contact.Locale;
        if (localeCache is not null && !localeCache.TryGetValue(locale, out var canonical))
        {
            canonical = Locales.IsValid(locale) ? Locales.Canonical(locale) : contact.Locale;
            localeCache[locale] = canonical;
            locale = canonical;
        }
        else if (localeCache is not null)
        {
            locale = localeCache[locale];
        }

        if (preference.OptOutServiceAlerts)
        {
            return new ContactDecision(contact.Id, contact.Token, contact.Country, locale, DecisionKind.Suppressed, null, null,
                ExceptionReasons.ServiceAlertsOptOut);
        }

        var preferred = preference.PreferredChannel ?? contact.Channel;
        var closedByResidency = false;
        Channel? chosen = null;
        foreach (var channel in Candidates(preferred))
        {
            if (!contact.HasAddress(channel))
            {
                continue;
            }

            if (!routing.IsOpen(channel, contact.Country))
            {
                closedByResidency = true;
                continue;
            }

            chosen = channel;
            break;
        }

        if (chosen is not { } route)
        {
            return new ContactDecision(contact.Id, contact.Token, contact.Country, locale, DecisionKind.Blocked, null, null,
                closedByResidency ? ExceptionReasons.Residency : ExceptionReasons.NoRoute);
        }

        if (route == Channel.Email && electronicConsentRequired && preference.ElectronicNoticeConsent != true)
        {
            return new ContactDecision(contact.Id, contact.Token, contact.Country, locale, DecisionKind.Blocked, null, null,
                ExceptionReasons.NoElectronicConsent);
        }

        var template = templates.Resolve(route, locale);
        return template is null
            ? new ContactDecision(contact.Id, contact.Token, contact.Country, locale, DecisionKind.MissingTemplate, route, null, ExceptionReasons.MissingTemplate)
            : new ContactDecision(contact.Id, contact.Token, contact.Country, locale, DecisionKind.Send, route, template, null);
    }

    private IEnumerable<Channel> Candidates(Channel preferred)
    {
        yield return preferred;
        foreach (var channel in routing.Fallback)
        {
            if (channel != preferred)
            {
                yield return channel;
            }
        }
    }
}

/// <summary>What import stored in plain about a contact: enough to route it, nothing personal.</summary>
public sealed record ContactFacts(long Id, string Token, string Country, string Locale, Channel Channel, bool HasEmail, bool HasPhone)
{
    public bool HasAddress(Channel channel) => channel == Channel.Email ? HasEmail : HasPhone;
}
