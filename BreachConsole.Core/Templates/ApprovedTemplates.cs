using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Templates;

/// <summary>
/// Which approved version serves a (name, channel, locale): the exact locale (<c>es-PR</c>), else its neutral language
/// (<c>es</c>), else none — never another language (contract.md). It takes no actor because the process asks, not a
/// person. One (name, channel, locale) at a time; campaigns load every approved version of a name at once instead
/// (<see cref="Campaigns.AudienceClassifier.LoadTemplatesAsync"/>) and resolve per contact with the same fallback chain
/// (<see cref="Campaigns.TemplateMap.Resolve"/>).
/// </summary>
public sealed class ApprovedTemplates(IDbContextFactory<BreachConsoleDbContext> contexts)
{
    public async Task<ResolvedTemplate?> ResolveAsync(string name, Channel channel, string locale, CancellationToken cancellationToken = default)
    {
        if (!Locales.IsValid(locale))
        {
            return null;
        }

        var chain = Locales.FallbackChain(locale);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Templates.AsNoTracking()
            .Where(t => t.Name == name && t.Channel == channel && chain.Contains(t.Locale))
            .Select(t => new
            {
                t.Id,
                t.Locale,
                Approved = db.TemplateVersions.FirstOrDefault(v => v.TemplateId == t.Id && v.Status == TemplateStatus.Approved),
            })
            .Where(t => t.Approved != null)
            .ToListAsync(cancellationToken);

        foreach (var tag in chain)
        {
            var match = candidates.FirstOrDefault(c => c.Locale == tag);
            if (match?.Approved is { } v)
            {
                return new ResolvedTemplate(match.Id, name, channel, match.Locale, v.Number, v.Subject, v.Body, v.ContentHash, v.Jurisdictions);
            }
        }

        return null;
    }
}
