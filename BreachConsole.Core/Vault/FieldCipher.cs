using System.Security.Cryptography;

namespace BreachConsole.Core.Vault;

/// <summary>
/// Seals and opens field envelopes and computes tokens for one unit of work. Encryption always uses the current data
/// key; decryption uses whichever key an envelope names. Every value is bound to its row (<c>row</c>: the contact's
/// token), so it opens only in the row and column it was sealed for. Not thread-safe (it caches one AES-GCM instance per key).
/// </summary>
public sealed class FieldCipher(VaultKeySet keys) : IDisposable
{
    private readonly Dictionary<int, AesGcm> _aes = [];

    public byte[] Encrypt(string plaintext, string purpose, string row) =>
        FieldEnvelope.Seal(Aes(keys.CurrentKeyId), keys.CurrentKeyId, purpose, row, plaintext);

    public byte[]? EncryptOptional(string? plaintext, string purpose, string row) => plaintext is null ? null : Encrypt(plaintext, purpose, row);

    public string Decrypt(ReadOnlySpan<byte> envelope, string purpose, string row) =>
        FieldEnvelope.Open(Aes(FieldEnvelope.KeyIdOf(envelope)), purpose, row, envelope);

    /// <summary>Whether an envelope is already what <see cref="Encrypt"/> writes now: the current key and format.</summary>
    public bool IsCurrent(ReadOnlySpan<byte> envelope) =>
        FieldEnvelope.VersionOf(envelope) == FieldEnvelope.FormatVersion && FieldEnvelope.KeyIdOf(envelope) == keys.CurrentKeyId;

    /// <summary>The customer's token: HMAC-SHA256 of the trimmed, NFC-normalized customer id under the token key, base64url (43 chars).</summary>
    public string Token(string customerId) => ContactToken.Compute(keys.TokenKey, customerId);

    private AesGcm Aes(int keyId)
    {
        if (!_aes.TryGetValue(keyId, out var aes))
        {
            if (!keys.EncryptionKeys.TryGetValue(keyId, out var key))
            {
                throw new EnvelopeException($"A protected value names data key {keyId}, which this vault does not hold.");
            }

            aes = new AesGcm(key, FieldEnvelope.TagSize);
            _aes[keyId] = aes;
        }

        return aes;
    }

    public void Dispose()
    {
        foreach (var aes in _aes.Values)
        {
            aes.Dispose();
        }

        _aes.Clear();
    }
}
