using BreachConsole.Core.Common;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Contacts;

/// <summary>
/// Lists an incident's contacts for people: token, masked phone and email, and the plain routing facts. Paged and
/// filtered in the database (indexes on incident + filter + id), so a page of a million-row incident is one index walk.
/// </summary>
public sealed class ContactDirectory(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    VaultKeyStore keys,
    IValidator<ContactQuery> validator)
{
    public static readonly string[] ReadRoles = [Roles.Operations, Roles.Auditor];

    public async Task<Page<ContactSummary>> ListAsync(Actor actor, ContactQuery query, CancellationToken cancellationToken = default)
    {
        actor.Require(ReadRoles);
        await validator.ValidateAndThrowAsync(query, cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Incidents.AnyAsync(i => i.Id == query.IncidentId, cancellationToken))
        {
            throw new NotFoundException("Incident", query.IncidentId);
        }

        var contacts = db.Contacts.AsNoTracking().Where(c => c.IncidentId == query.IncidentId);
        if (!string.IsNullOrEmpty(query.Country))
        {
            var country = query.Country.ToUpperInvariant();
            contacts = contacts.Where(c => c.Country == country);
        }

        if (!string.IsNullOrEmpty(query.Locale) && LanguageTag.TryNormalize(query.Locale, out var locale))
        {
            contacts = contacts.Where(c => c.Locale == locale);
        }

        if (query.Channel is { } channel)
        {
            contacts = contacts.Where(c => c.Channel == channel);
        }

        var total = await contacts.CountAsync(cancellationToken);
        var rows = await contacts
            .OrderBy(c => c.Id)
            .Skip(query.Skip)
            .Take(query.PageSize)
            .Select(c => new { c.Token, c.PhoneCipher, c.EmailCipher, c.Country, c.Locale, c.Channel })
            .ToListAsync(cancellationToken);

        using var cipher = (await keys.GetAsync(cancellationToken)).OpenCipher();
        var items = rows.Select(r => new ContactSummary(
                r.Token,
                cipher.MaskedPhone(r.PhoneCipher, r.Token),
                cipher.MaskedEmail(r.EmailCipher, r.Token),
                r.Country,
                r.Locale,
                r.Channel))
            .ToList();
        return new Page<ContactSummary>(items, total);
    }

    /// <summary>The distinct countries and locales of an incident, for the page's filter lists.</summary>
    public async Task<(IReadOnlyList<string> Countries, IReadOnlyList<string> Locales)> FacetsAsync(Actor actor, Guid incidentId,
        CancellationToken cancellationToken = default)
    {
        actor.Require(ReadRoles);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var countries = await db.Contacts.Where(c => c.IncidentId == incidentId).Select(c => c.Country).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        var locales = await db.Contacts.Where(c => c.IncidentId == incidentId).Select(c => c.Locale).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        return (countries, locales);
    }
}
