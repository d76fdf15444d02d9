using System.Collections.Frozen;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Preferences;

/// <summary>The unwrapped preference-link keys, in memory only: the newest seals, every one still held can open.</summary>
public sealed class PreferenceLinkKeySet(int currentKeyId, FrozenDictionary<int, byte[]> keys)
{
    public int CurrentKeyId { get; } = currentKeyId;

    internal FrozenDictionary<int, byte[]> Keys { get; } = keys;
}

/// <summary>
/// The keys that seal preference links live with the vault's data keys: rows of <c>VaultDataKeys</c> with purpose
/// <see cref="DataKeyPurpose.PreferenceLink"/>, wrapped by the vault's key-encryption key (so a KEK rotation re-wraps
/// them too). <see cref="AddKeyAsync"/> adds a newer one (link-key rotation); links sealed with an older key keep opening
/// until that key is revoked.
/// </summary>
public sealed class PreferenceLinkKeys(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    IKeyEncryptionKeyProvider provider,
    TimeProvider time,
    ILogger<PreferenceLinkKeys> logger)
{
    /// <summary>Link keys are named by two bytes in the link.</summary>
    internal const int MaxKeyId = ushort.MaxValue;

    private readonly KeySetCache<PreferenceLinkKeySet> _keys = new();

    public ValueTask<PreferenceLinkKeySet> GetAsync(CancellationToken cancellationToken = default) => _keys.GetAsync(LoadAsync, cancellationToken);

    /// <summary>Stages a new link key on <paramref name="db"/> (its caller saves it with its audit entry), then call <see cref="ReloadAsync"/>.</summary>
    internal Task<DataKey> AddKeyAsync(BreachConsoleDbContext db, CancellationToken cancellationToken) =>
        DataKey.StageNewAsync(db, provider, DataKeyPurpose.PreferenceLink, time.GetUtcNow(), cancellationToken);

    /// <summary>Reads the link keys again (after a rotation committed).</summary>
    public Task<PreferenceLinkKeySet> ReloadAsync(CancellationToken cancellationToken = default) => _keys.ReloadAsync(LoadAsync, cancellationToken);

    private async Task<PreferenceLinkKeySet> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DataKeys.AsNoTracking().Where(r => r.Purpose == DataKeyPurpose.PreferenceLink).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            var row = await AddKeyAsync(db, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            Log.LinkKeyCreated(logger, row.Id, row.KekId);
            rows = [row];
        }

        var keys = new Dictionary<int, byte[]>();
        foreach (var row in rows)
        {
            if (row.Id > MaxKeyId)
            {
                throw new InvalidOperationException($"Preference-link key {row.Id} has an id above {MaxKeyId}; links cannot name it.");
            }

            keys[row.Id] = await provider.UnwrapAsync(row.KekId, row.WrappedKey, cancellationToken);
        }

        return new PreferenceLinkKeySet(keys.Keys.Max(), keys.ToFrozenDictionary());
    }
}
