using System.Collections.Frozen;

namespace BreachConsole.Core.Vault;

/// <summary>
/// The unwrapped data keys, held in memory only: the current encryption key, every older one, the token key and the
/// audit seal key.
/// </summary>
public sealed class VaultKeySet(int currentKeyId, FrozenDictionary<int, byte[]> encryptionKeys, byte[] tokenKey, byte[]? auditSealKey = null)
{
    public int CurrentKeyId { get; } = currentKeyId;

    internal FrozenDictionary<int, byte[]> EncryptionKeys { get; } = encryptionKeys;

    internal byte[] TokenKey { get; } = tokenKey;

    /// <summary>Seals audit entries (<see cref="Audit.AuditSeal"/>): whoever can rewrite the table without it cannot re-seal.</summary>
    internal byte[] AuditSealKey => auditSealKey ?? throw new InvalidOperationException("This key set holds no audit seal key.");

    /// <summary>The audit seal of an entry hash (what the chain stores beside it); the key itself never leaves this set.</summary>
    public string SealAuditHash(string hashHex) => Audit.AuditSeal.Compute(AuditSealKey, hashHex);

    /// <summary>A cipher for one unit of work (an import, a page of a listing). Not thread-safe; dispose it.</summary>
    public FieldCipher OpenCipher() => new(this);
}
