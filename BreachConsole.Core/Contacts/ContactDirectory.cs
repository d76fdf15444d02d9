using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
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

    /// <summary>
    /// How many contacts the incident has and how they split by locale and channel (counts only: no contact data).
    /// One grouped query over the incident's rows.
    /// </summary>
    public async Task<ContactMix> MixAsync(Actor actor, Guid incidentId, CancellationToken cancellationToken = default)
    {
        actor.Require(ReadRoles);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var groups = await db.Contacts.AsNoTracking().Where(c => c.IncidentId == incidentId)
            .GroupBy(c => new { c.Locale, c.Channel })
            .Select(g => new { g.Key.Locale, g.Key.Channel, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var parts = groups.Select(g => new ContactMixPart(g.Locale, g.Channel, g.Count))
            .OrderByDescending(p => p.Count).ThenBy(p => p.Locale, StringComparer.Ordinal).ThenBy(p => p.Channel).ToList();
        return new ContactMix(parts.Sum(p => p.Count), parts);
    }

    /// <summary>
    /// Finds the incident's contact for a customer id a person typed: the id is turned into its token under the vault's
    /// token key and matched on the token column. The id itself is never stored, logged, audited or returned — only the
    /// contact's token and masked addresses are.
    /// </summary>
    public async Task<ContactSummary?> FindByCustomerIdAsync(Actor actor, Guid incidentId, string customerId, CancellationToken cancellationToken = default)
    {
        actor.Require(ReadRoles);
        if (string.IsNullOrWhiteSpace(customerId) || customerId.Length > MaxCustomerIdLength)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("customerId",
                $"Enter a customer id of 1 to {MaxCustomerIdLength} characters.")]);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Incidents.AnyAsync(i => i.Id == incidentId, cancellationToken))
        {
            throw new NotFoundException("Incident", incidentId);
        }

        using var cipher = (await keys.GetAsync(cancellationToken)).OpenCipher();
        var token = cipher.Token(customerId);
        var row = await db.Contacts.AsNoTracking().Where(c => c.IncidentId == incidentId && c.Token == token)
            .Select(c => new { c.Token, c.PhoneCipher, c.EmailCipher, c.Country, c.Locale, c.Channel })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null
            : new ContactSummary(row.Token, cipher.MaskedPhone(row.PhoneCipher, row.Token), cipher.MaskedEmail(row.EmailCipher, row.Token), row.Country, row.Locale, row.Channel);
    }

    /// <summary>The longest customer id a lookup accepts (import's own limit is the same order).</summary>
    public const int MaxCustomerIdLength = 200;
}

/// <summary>An incident's contacts counted by locale and channel.</summary>
public sealed record ContactMix(int Total, IReadOnlyList<ContactMixPart> Parts);

public sealed record ContactMixPart(string Locale, Channel Channel, int Count);

/// <summary>The body of a contact lookup: the customer id travels in the body, never in a URL.</summary>
public sealed record FindContact(string? CustomerId);
