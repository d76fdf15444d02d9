using System.Collections.Frozen;
using System.Security.Cryptography;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Vault;

/// <summary>
/// Loads the data keys from <c>VaultDataKeys</c> and unwraps them with the KEK provider on first use; creates the
/// encryption and token keys on an empty database.
/// </summary>
public sealed class VaultKeyStore(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    IKeyEncryptionKeyProvider provider,
    TimeProvider time,
    ILogger<VaultKeyStore> logger)
{
    private readonly KeySetCache<VaultKeySet> _keys = new();

    public ValueTask<VaultKeySet> GetAsync(CancellationToken cancellationToken = default) => _keys.GetAsync(LoadAsync, cancellationToken);

    private int _activeEncryptions;

    /// <summary>Work that may still encrypt with the key set it loaded (an import): a re-encryption does not retire keys meanwhile.</summary>
    internal int ActiveEncryptions => Volatile.Read(ref _activeEncryptions);

    /// <summary>Marks an encrypting unit of work (an import) as running until disposed; see <see cref="ActiveEncryptions"/>.</summary>
    internal IDisposable EncryptionLease()
    {
        Interlocked.Increment(ref _activeEncryptions);
        return new Lease(this);
    }

    private sealed class Lease(VaultKeyStore store) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref store._activeEncryptions);
            }
        }
    }

    /// <summary>Forgets the keys held in memory: the next <see cref="GetAsync"/> reads them again (after a data-key rotation or retirement).</summary>
    internal void Reload() => _keys.Forget();

    /// <summary>
    /// Data-key rotation: a new encryption data key, wrapped by the current KEK, staged on <paramref name="db"/> and saved
    /// (inside the caller's transaction). It has the highest id, so it becomes current once the keys are reloaded.
    /// </summary>
    internal async Task<DataKey> AddEncryptionKeyAsync(BreachConsoleDbContext db, CancellationToken cancellationToken)
    {
        await GetAsync(cancellationToken);
        var row = await DataKey.StageNewAsync(db, provider, DataKeyPurpose.Encryption, time.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        Log.DataKeyCreated(logger, row.Id, nameof(DataKeyPurpose.Encryption), row.KekId);
        return row;
    }

    /// <summary>
    /// Rotation: the provider makes a new KEK current; every data key is re-wrapped under it. Field envelopes are not
    /// touched (they name data keys, whose plaintext does not change), so old data stays readable.
    /// </summary>
    internal async Task<(string KekId, int DataKeys)> RewrapAllAsync(BreachConsoleDbContext db, CancellationToken cancellationToken)
    {
        await GetAsync(cancellationToken);
        return await _keys.ExclusiveAsync(async () =>
        {
            var rows = await db.DataKeys.ToListAsync(cancellationToken);
            var plaintexts = new List<byte[]>(rows.Count);
            foreach (var row in rows)
            {
                plaintexts.Add(await provider.UnwrapAsync(row.KekId, row.WrappedKey, cancellationToken));
            }

            var kekId = await provider.RotateAsync(cancellationToken);
            var now = time.GetUtcNow();
            for (var i = 0; i < rows.Count; i++)
            {
                var wrapped = await provider.WrapAsync(plaintexts[i], cancellationToken);
                rows[i].KekId = wrapped.KekId;
                rows[i].WrappedKey = wrapped.Wrapped;
                rows[i].WrappedAt = now;
                CryptographicOperations.ZeroMemory(plaintexts[i]);
            }

            return (kekId, rows.Count);
        }, cancellationToken);
    }

    /// <summary>
    /// Refuses to start when the local key ring is missing while the database holds data keys: a new ring would be
    /// created silently and every protected value would be unreadable. Restore the ring (or point to it) instead.
    /// </summary>
    internal async Task RefuseMissingKeyRingAsync(CancellationToken cancellationToken)
    {
        if (provider is not LocalKeyRing ring)
        {
            return;
        }

        // Counted before the ring is looked for: the ring is always written before the first data key, so a console
        // starting beside another that is creating both never mistakes the other's fresh keys for a lost ring.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var wrapped = await db.DataKeys.CountAsync(cancellationToken);
        if (wrapped > 0 && !ring.Exists)
        {
            throw new Configuration.StartupSettingsException("Keys:LocalKeyRingPath",
                $"the key ring '{ring.Path}' is missing, but the database holds {wrapped} data keys wrapped by it. Restore the key ring "
                + "from its backup or set Keys:LocalKeyRingPath to where it is (earlier versions kept it at data/keyring.json); "
                + "a new ring would make every protected value unreadable.");
        }
    }

    /// <summary>Unwraps every stored data key now (no cache): what <c>/readyz</c> asks before it says the console can serve.</summary>
    public async Task<int> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DataKeys.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var key = await provider.UnwrapAsync(row.KekId, row.WrappedKey, cancellationToken);
            CryptographicOperations.ZeroMemory(key);
        }

        return rows.Count;
    }

    private async Task<VaultKeySet> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DataKeys.AsNoTracking().ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var purpose in new[] { DataKeyPurpose.Encryption, DataKeyPurpose.Token, DataKeyPurpose.AuditSeal })
        {
            if (rows.All(r => r.Purpose != purpose))
            {
                var row = await DataKey.StageNewAsync(db, provider, purpose, now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                Log.DataKeyCreated(logger, row.Id, purpose.ToString(), row.KekId);
            }
        }

        rows = await db.DataKeys.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var encryption = new Dictionary<int, byte[]>();
        byte[]? token = null;
        byte[]? auditSeal = null;
        foreach (var row in rows)
        {
            var key = await provider.UnwrapAsync(row.KekId, row.WrappedKey, cancellationToken);
            if (row.Purpose == DataKeyPurpose.Token)
            {
                // The first token key wins for ever: a second would change every customer's token.
                token ??= key;
            }
            else if (row.Purpose == DataKeyPurpose.AuditSeal)
            {
                // Likewise the first audit seal key: the seals already written must keep verifying.
                auditSeal ??= key;
            }
            else if (row.Purpose == DataKeyPurpose.Encryption)
            {
                encryption[row.Id] = key;
            }
            else
            {
                // Keys of other purposes (preference links) are loaded by their own owners.
                CryptographicOperations.ZeroMemory(key);
            }
        }

        return new VaultKeySet(encryption.Keys.Max(), encryption.ToFrozenDictionary(), token!, auditSeal!);
    }
}
