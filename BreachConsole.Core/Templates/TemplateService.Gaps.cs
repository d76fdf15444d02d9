using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Incidents;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Templates;

/// <summary>
/// A locale and channel that contacts of open incidents have and no approved template serves, neither for the exact
/// locale nor for its language (<c>es</c> serves <c>es-MX</c>): a campaign would list these contacts as missing templates.
/// </summary>
public sealed record LocaleGap(string Locale, Channel Channel, int Contacts, int Incidents);

public sealed partial class TemplateService
{
    /// <summary>
    /// The locales (with channel) of open and notifying incidents' contacts that no approved template of any name covers,
    /// by the same fallback campaigns use (<see cref="Locales.FallbackChain"/>): most contacts first. Counts only, never a contact.
    /// </summary>
    public async Task<IReadOnlyList<LocaleGap>> UncoveredLocalesAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(ReadRoles);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mix = await db.Contacts.AsNoTracking()
            // Incidents whose contacts may still be notified.
            .Where(c => db.Incidents.Any(i => i.Id == c.IncidentId && (i.State == IncidentState.Open || i.State == IncidentState.Notifying)))
            .GroupBy(c => new { c.IncidentId, c.Locale, c.Channel })
            .Select(g => new { g.Key.IncidentId, g.Key.Locale, g.Key.Channel, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var approved = (await db.Templates.AsNoTracking()
                .Where(t => t.Versions.Any(v => v.Status == TemplateStatus.Approved))
                .Select(t => new { t.Locale, t.Channel })
                .ToListAsync(cancellationToken))
            .Select(t => (t.Locale, t.Channel))
            .ToHashSet();

        bool Covered(string locale, Channel channel) =>
            Locales.IsValid(locale) && Locales.FallbackChain(locale).Any(tag => approved.Contains((tag, channel)));

        return [.. mix
            .Where(m => !Covered(m.Locale, m.Channel))
            .GroupBy(m => (m.Locale, m.Channel))
            .Select(g => new LocaleGap(g.Key.Locale, g.Key.Channel, g.Sum(m => m.Count), g.Select(m => m.IncidentId).Distinct().Count()))
            .OrderByDescending(g => g.Contacts).ThenBy(g => g.Locale, StringComparer.Ordinal).ThenBy(g => g.Channel)];
    }
}
