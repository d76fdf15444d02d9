using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BreachConsole.Core.Vault;

/// <summary>
/// The on-disk shape of one protected field value: AES-256-GCM under a data key, with a fresh random 96-bit nonce.
/// <code>
/// [0]      format version (1)
/// [1..4]   data key id, big-endian (which row of VaultDataKeys decrypts it)
/// [5..16]  nonce (12 bytes)
/// [17..^16] ciphertext (as long as the UTF-8 plaintext)
/// [^16..]  authentication tag (16 bytes)
/// </code>
/// The header and the field's purpose (<c>contact.email</c>) are authenticated as associated data, so a value moved to
/// another column, or a header edited to point at another key, fails to decrypt instead of decrypting to garbage.
/// </summary>
public static class FieldEnvelope
{
    public const byte FormatVersion = 1;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int HeaderSize = 1 + 4 + NonceSize;
    public const int Overhead = HeaderSize + TagSize;

    /// <summary>The data key id an envelope names, without decrypting it.</summary>
    public static int KeyIdOf(ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length < Overhead || envelope[0] != FormatVersion)
        {
            throw new EnvelopeException("The protected value is not a version-1 envelope.");
        }

        return BinaryPrimitives.ReadInt32BigEndian(envelope[1..5]);
    }

    public static ReadOnlySpan<byte> NonceOf(ReadOnlySpan<byte> envelope) => envelope.Slice(5, NonceSize);

    internal static byte[] Seal(AesGcm aes, int keyId, string purpose, string plaintext)
    {
        var plainLength = Encoding.UTF8.GetByteCount(plaintext);
        var envelope = new byte[Overhead + plainLength];
        var span = envelope.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(span[1..5], keyId);
        RandomNumberGenerator.Fill(span.Slice(5, NonceSize));

        Span<byte> plain = plainLength <= 512 ? stackalloc byte[plainLength] : new byte[plainLength];
        Encoding.UTF8.GetBytes(plaintext, plain);
        Span<byte> aad = stackalloc byte[5 + Encoding.UTF8.GetByteCount(purpose)];
        BuildAad(span[..5], purpose, aad);
        aes.Encrypt(span.Slice(5, NonceSize), plain, span.Slice(HeaderSize, plainLength), span[^TagSize..], aad);
        CryptographicOperations.ZeroMemory(plain);
        return envelope;
    }

    internal static string Open(AesGcm aes, string purpose, ReadOnlySpan<byte> envelope)
    {
        var plainLength = envelope.Length - Overhead;
        Span<byte> plain = plainLength <= 512 ? stackalloc byte[plainLength] : new byte[plainLength];
        Span<byte> aad = stackalloc byte[5 + Encoding.UTF8.GetByteCount(purpose)];
        BuildAad(envelope[..5], purpose, aad);
        try
        {
            aes.Decrypt(envelope.Slice(5, NonceSize), envelope.Slice(HeaderSize, plainLength), envelope[^TagSize..], plain, aad);
        }
        catch (AuthenticationTagMismatchException)
        {
            // The message names no value: only that this envelope is not authentic under the key it names.
            throw new EnvelopeException("A protected value failed authentication: it was altered, or belongs to another field or key.");
        }

        var text = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return text;
    }

    private static void BuildAad(ReadOnlySpan<byte> header, string purpose, Span<byte> aad)
    {
        header.CopyTo(aad);
        Encoding.UTF8.GetBytes(purpose, aad[5..]);
    }
}

/// <summary>A protected value could not be opened. The message never carries the value or the key.</summary>
public sealed class EnvelopeException(string message) : Exception(message);
