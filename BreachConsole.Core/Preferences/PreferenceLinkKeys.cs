using System.Collections.Frozen;
using System.Security.Cryptography;
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

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile PreferenceLinkKeySet? _keys;

    public async ValueTask<PreferenceLinkKeySet> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_keys is { } keys)
        {
            return keys;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _keys ??= await LoadAsync(createIfNone: true, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stages a new link key on <paramref name="db"/> (its caller saves it with its audit entry), then call <see cref="ReloadAsync"/>.</summary>
    internal async Task<DataKey> AddKeyAsync(BreachConsoleDbContext db, CancellationToken cancellationToken)
    {
        var generated = await provider.GenerateDataKeyAsync(cancellationToken);
        CryptographicOperations.ZeroMemory(generated.Plaintext);
        var now = time.GetUtcNow();
        var row = new DataKey { Purpose = DataKeyPurpose.PreferenceLink, KekId = generated.KekId, WrappedKey = generated.Wrapped, CreatedAt = now, WrappedAt = now };
        db.DataKeys.Add(row);
        return row;
    }

    /// <summary>Reads the link keys again (after a rotation committed).</summary>
    public async Task<PreferenceLinkKeySet> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _keys = await LoadAsync(createIfNone: true, cancellationToken);
            return _keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<PreferenceLinkKeySet> LoadAsync(bool createIfNone, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DataKeys.AsNoTracking().Where(r => r.Purpose == DataKeyPurpose.PreferenceLink).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        if (rows.Count == 0 && createIfNone)
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
