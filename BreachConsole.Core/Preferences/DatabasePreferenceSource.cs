using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Preferences;

/// <summary>Preferences from the console's own table (set by <c>PUT /api/v1/preferences</c> and the import's opt-out columns).</summary>
public sealed class DatabasePreferenceSource(IDbContextFactory<BreachConsoleDbContext> contexts) : IPreferenceSource
{
    private const int ChunkSize = 500;

    public async Task<IReadOnlyDictionary<string, PreferenceSnapshot>> GetAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken)
    {
        var result = tokens.Distinct(StringComparer.Ordinal).ToDictionary(t => t, PreferenceSnapshot.Default, StringComparer.Ordinal);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in result.Keys.Chunk(ChunkSize))
        {
            var rows = await db.ContactPreferences.AsNoTracking().Where(p => chunk.Contains(p.Token)).ToListAsync(cancellationToken);
            foreach (var p in rows)
            {
                result[p.Token] = new PreferenceSnapshot(p.Token, p.OptOutMarketing, p.OptOutServiceAlerts, p.PreferredChannel, p.PreferredLanguage,
                    p.ElectronicNoticeConsent);
            }
        }

        return result;
    }
}
