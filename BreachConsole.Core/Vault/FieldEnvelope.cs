using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BreachConsole.Core.Vault;

/// <summary>
/// The on-disk shape of one protected field value: AES-256-GCM under a data key, with a fresh random 96-bit nonce.
/// <code>
/// [0]      format version (2; 1 = written before row binding, still read)
/// [1..4]   data key id, big-endian (which row of VaultDataKeys decrypts it)
/// [5..16]  nonce (12 bytes)
/// [17..^16] ciphertext (as long as the UTF-8 plaintext)
/// [^16..]  authentication tag (16 bytes)
/// </code>
/// Authenticated as associated data: the header, the field's purpose (<c>contact.email</c>) and, from version 2, the row
/// it belongs to (the contact's token). A value moved to another column or another contact's row, or a header edited to
/// point at another key, fails to decrypt instead of decrypting to someone else's address.
/// Version 1 envelopes (purpose only) open until the re-encryption after a data-key rotation rewrites them as version 2
/// and their data key is retired; nothing writes version 1 any more, and a version-1 envelope cannot be made under a
/// data key created since (the key id is authenticated).
/// </summary>
public static class FieldEnvelope
{
    public const byte FormatVersion = 2;
    public const byte LegacyFormatVersion = 1;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int HeaderSize = 1 + 4 + NonceSize;
    public const int Overhead = HeaderSize + TagSize;

    /// <summary>The data key id an envelope names, without decrypting it.</summary>
    public static int KeyIdOf(ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length < Overhead || (envelope[0] != FormatVersion && envelope[0] != LegacyFormatVersion))
        {
            throw new EnvelopeException("The protected value is not a version-1 or version-2 envelope.");
        }

        return BinaryPrimitives.ReadInt32BigEndian(envelope[1..5]);
    }

    /// <summary>The envelope's format version (1: not bound to its row).</summary>
    public static byte VersionOf(ReadOnlySpan<byte> envelope) => envelope.Length > 0 ? envelope[0] : (byte)0;

    public static ReadOnlySpan<byte> NonceOf(ReadOnlySpan<byte> envelope) => envelope.Slice(5, NonceSize);

    internal static byte[] Seal(AesGcm aes, int keyId, string purpose, string row, string plaintext)
    {
        var plainLength = Encoding.UTF8.GetByteCount(plaintext);
        var envelope = new byte[Overhead + plainLength];
        var span = envelope.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(span[1..5], keyId);
        RandomNumberGenerator.Fill(span.Slice(5, NonceSize));

        Span<byte> plain = plainLength <= 512 ? stackalloc byte[plainLength] : new byte[plainLength];
        Encoding.UTF8.GetBytes(plaintext, plain);
        var aad = BuildAad(span[..5], purpose, row);
        aes.Encrypt(span.Slice(5, NonceSize), plain, span.Slice(HeaderSize, plainLength), span[^TagSize..], aad);
        CryptographicOperations.ZeroMemory(plain);
        return envelope;
    }

    internal static string Open(AesGcm aes, string purpose, string row, ReadOnlySpan<byte> envelope)
    {
        var plainLength = envelope.Length - Overhead;
        Span<byte> plain = plainLength <= 512 ? stackalloc byte[plainLength] : new byte[plainLength];
        var aad = BuildAad(envelope[..5], purpose, envelope[0] == LegacyFormatVersion ? null : row);
        try
        {
            aes.Decrypt(envelope.Slice(5, NonceSize), envelope.Slice(HeaderSize, plainLength), envelope[^TagSize..], plain, aad);
        }
        catch (AuthenticationTagMismatchException)
        {
            // The message names no value and no row: only that this envelope is not authentic where it was found.
            throw new EnvelopeException("A protected value failed authentication: it was altered, or belongs to another field, row or key.");
        }

        var text = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return text;
    }

    // Version 1: header ‖ purpose. Version 2: header ‖ len(purpose) ‖ purpose ‖ row (lengths make the split unambiguous).
    private static byte[] BuildAad(ReadOnlySpan<byte> header, string purpose, string? row)
    {
        var purposeLength = Encoding.UTF8.GetByteCount(purpose);
        if (row is null)
        {
            var legacy = new byte[5 + purposeLength];
            header.CopyTo(legacy);
            Encoding.UTF8.GetBytes(purpose, legacy.AsSpan(5));
            return legacy;
        }

        var aad = new byte[5 + 2 + purposeLength + Encoding.UTF8.GetByteCount(row)];
        header.CopyTo(aad);
        BinaryPrimitives.WriteUInt16BigEndian(aad.AsSpan(5, 2), checked((ushort)purposeLength));
        Encoding.UTF8.GetBytes(purpose, aad.AsSpan(7, purposeLength));
        Encoding.UTF8.GetBytes(row, aad.AsSpan(7 + purposeLength));
        return aad;
    }
}

/// <summary>A protected value could not be opened. The message never carries the value or the key.</summary>
public sealed class EnvelopeException(string message) : Exception(message);
