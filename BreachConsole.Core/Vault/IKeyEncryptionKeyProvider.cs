namespace BreachConsole.Core.Vault;

/// <summary>A fresh data key: the plaintext to use now, and the same key wrapped by <see cref="KekId"/> to store.</summary>
public sealed record GeneratedDataKey(byte[] Plaintext, string KekId, byte[] Wrapped);

/// <summary>A data key wrapped by a key-encryption key.</summary>
public sealed record WrappedDataKey(string KekId, byte[] Wrapped);

/// <summary>
/// Holds the key-encryption keys (KEKs) that wrap the vault's data keys. <c>Local</c>: a key-ring file;
/// <c>AwsKms</c>: AWS KMS. Data keys are unwrapped once and kept in memory; the KEK never leaves its provider's keeping.
/// </summary>
public interface IKeyEncryptionKeyProvider
{
    /// <summary>A new random 256-bit data key wrapped by the current KEK.</summary>
    Task<GeneratedDataKey> GenerateDataKeyAsync(CancellationToken cancellationToken);

    /// <summary>Wraps <paramref name="plaintext"/> with the current KEK.</summary>
    Task<WrappedDataKey> WrapAsync(byte[] plaintext, CancellationToken cancellationToken);

    /// <summary>Unwraps a data key wrapped by <paramref name="kekId"/> (current or retired).</summary>
    Task<byte[]> UnwrapAsync(string kekId, byte[] wrapped, CancellationToken cancellationToken);

    /// <summary>Makes a new KEK current, keeping the old ones able to unwrap. Returns the new KEK's id.</summary>
    Task<string> RotateAsync(CancellationToken cancellationToken);
}

/// <summary>A provider that keeps old KEKs itself (the local key ring) and can drop the ones nothing uses any more.</summary>
public interface IRetiringKeyProvider
{
    /// <summary>Removes every KEK that is not current and not in <paramref name="inUse"/>; returns the removed ids.</summary>
    Task<IReadOnlyList<string>> RetireUnusedAsync(IReadOnlySet<string> inUse, CancellationToken cancellationToken);
}

/// <summary>Something outside <c>VaultDataKeys</c> that holds material wrapped by a KEK (the data-protection key ring).</summary>
public interface IKekUsage
{
    /// <summary>The ids of the KEKs it still needs to unwrap its material.</summary>
    IReadOnlySet<string> KekIdsInUse();
}

/// <summary>A key could not be read, written or unwrapped. Messages name files and key ids, never key material.</summary>
public sealed class KeyProviderException(string message, Exception? inner = null) : Exception(message, inner);
