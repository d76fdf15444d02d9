using System.Security.Cryptography;
using System.Text;

namespace BreachConsole.Core.Audit;

/// <summary>
/// The keyed anchor of the chain. Each entry's hash is sealed with HMAC-SHA256 under the vault's audit seal key
/// (<see cref="Vault.DataKeyPurpose.AuditSeal"/>, stored only wrapped by the KEK provider). The hashes alone prove the
/// entries link up, but anyone with the database file can recompute them after an edit; a seal cannot be recomputed
/// without the key, so an entry rewritten with raw SQL, however carefully its hash and every later hash were redone,
/// fails verification at that entry.
/// </summary>
public static class AuditSeal
{
    // Domain separation: this key seals audit hashes and nothing else.
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("breachconsole.audit.seal.v1\n");

    /// <summary>The action of the entry that starts sealing on a chain written before seals existed (see <see cref="LegacyDetails"/>).</summary>
    public const string StartedAction = AuditActions.AuditSealStarted;

    /// <summary>The detail key of <see cref="StartedAction"/>: the last sequence written without a seal.</summary>
    public const string UnsealedThroughKey = "unsealedThrough";

    /// <summary>Lowercase hex HMAC-SHA256 of <paramref name="hashHex"/> under <paramref name="key"/>.</summary>
    public static string Compute(byte[] key, string hashHex)
    {
        Span<byte> mac = stackalloc byte[32];
        Mac(key, hashHex, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Whether <paramref name="sealHex"/> is the seal of <paramref name="hashHex"/> (constant time).</summary>
    public static bool Matches(byte[] key, string hashHex, string? sealHex)
    {
        if (sealHex is not { Length: 64 })
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        Span<byte> stored = stackalloc byte[32];
        Mac(key, hashHex, mac);
        return Convert.FromHexString(sealHex, stored, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == 32
            && CryptographicOperations.FixedTimeEquals(mac, stored);
    }

    /// <summary>The canonical details of the entry that starts sealing after <paramref name="unsealedThrough"/> older entries.</summary>
    public static string LegacyDetails(long unsealedThrough) => AuditCanonical.Details(new Dictionary<string, string>
    {
        [UnsealedThroughKey] = unsealedThrough.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static void Mac(byte[] key, string hashHex, Span<byte> mac)
    {
        Span<byte> input = stackalloc byte[Label.Length + Encoding.ASCII.GetByteCount(hashHex)];
        Label.CopyTo(input);
        Encoding.ASCII.GetBytes(hashHex, input[Label.Length..]);
        HMACSHA256.HashData(key, input, mac);
    }
}
