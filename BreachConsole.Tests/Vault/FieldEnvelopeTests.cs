using System.Collections.Frozen;
using System.Security.Cryptography;
using BreachConsole.Core.Vault;

namespace BreachConsole.Tests.Vault;

public sealed class FieldEnvelopeTests
{
    private static VaultKeySet Keys(int id = 1, byte[]? key = null, byte[]? token = null) =>
        new(id, new Dictionary<int, byte[]> { [id] = key ?? RandomNumberGenerator.GetBytes(32) }.ToFrozenDictionary(), token ?? RandomNumberGenerator.GetBytes(32));

    private static string RandomText(Random random)
    {
        var length = random.Next(0, 300);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            // Mix ASCII, accented letters and CJK; surrogates are avoided so every string is valid UTF-16.
            chars[i] = random.Next(4) switch
            {
                0 => (char)random.Next(0x20, 0x7F),
                1 => (char)random.Next(0xC0, 0x250),
                2 => (char)random.Next(0x4E00, 0x9FFF),
                _ => (char)random.Next(0x20, 0xD7FF),
            };
        }

        return new string(chars);
    }

    [Fact]
    public void Encrypt_RandomValues_RoundTripExactly()
    {
        var random = new Random(1);
        using var cipher = Keys().OpenCipher();
        for (var i = 0; i < 5_000; i++)
        {
            var value = RandomText(random);
            var envelope = cipher.Encrypt(value, FieldPurpose.Email, "row-token");

            Assert.Equal(value, cipher.Decrypt(envelope, FieldPurpose.Email, "row-token"));
            Assert.Equal(FieldEnvelope.Overhead + System.Text.Encoding.UTF8.GetByteCount(value), envelope.Length);
        }
    }

    [Fact]
    public void Encrypt_SameValueTwice_GivesDifferentCiphertext()
    {
        using var cipher = Keys().OpenCipher();

        Assert.NotEqual(cipher.Encrypt("same", FieldPurpose.FirstName, "row-token"), cipher.Encrypt("same", FieldPurpose.FirstName, "row-token"));
    }

    [Fact]
    public void Envelope_CarriesFormatVersionAndKeyId()
    {
        using var cipher = Keys(id: 7).OpenCipher();

        var envelope = cipher.Encrypt("x", FieldPurpose.Phone, "row-token");

        Assert.Equal(FieldEnvelope.FormatVersion, envelope[0]);
        Assert.Equal(7, FieldEnvelope.KeyIdOf(envelope));
    }

    [Fact]
    public void Decrypt_AnyFlippedBit_FailsLoudly()
    {
        var random = new Random(2);
        using var cipher = Keys().OpenCipher();
        for (var sample = 0; sample < 50; sample++)
        {
            var value = RandomText(random);
            var envelope = cipher.Encrypt(value, FieldPurpose.LastName, "row-token");
            for (var position = 0; position < envelope.Length; position++)
            {
                var tampered = (byte[])envelope.Clone();
                tampered[position] ^= (byte)(1 << random.Next(8));

                var ex = Assert.Throws<EnvelopeException>(() => cipher.Decrypt(tampered, FieldPurpose.LastName, "row-token"));
                Assert.DoesNotContain(value.Length > 3 ? value : "\0never\0", ex.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Decrypt_TruncatedEnvelope_FailsLoudly()
    {
        using var cipher = Keys().OpenCipher();
        var envelope = cipher.Encrypt("truncate me", FieldPurpose.Email, "row-token");

        for (var length = 0; length < envelope.Length; length++)
        {
            Assert.Throws<EnvelopeException>(() => cipher.Decrypt(envelope.AsSpan(0, length), FieldPurpose.Email, "row-token"));
        }
    }

    [Fact]
    public void Decrypt_WrongKeyWithSameId_Fails()
    {
        var random = new Random(3);
        using var right = Keys().OpenCipher();
        using var wrong = Keys().OpenCipher();
        for (var i = 0; i < 500; i++)
        {
            var envelope = right.Encrypt(RandomText(random), FieldPurpose.CustomerId, "row-token");

            Assert.Throws<EnvelopeException>(() => wrong.Decrypt(envelope, FieldPurpose.CustomerId, "row-token"));
        }
    }

    [Fact]
    public void Decrypt_UnknownKeyId_Fails()
    {
        using var one = Keys(id: 1).OpenCipher();
        using var two = Keys(id: 2).OpenCipher();

        Assert.Throws<EnvelopeException>(() => two.Decrypt(one.Encrypt("x", FieldPurpose.Email, "row-token"), FieldPurpose.Email, "row-token"));
    }

    [Fact]
    public void Decrypt_ValueMovedToAnotherColumn_Fails()
    {
        using var cipher = Keys().OpenCipher();
        var email = cipher.Encrypt("someone@example.com", FieldPurpose.Email, "row-token");

        Assert.Throws<EnvelopeException>(() => cipher.Decrypt(email, FieldPurpose.Phone, "row-token"));
    }

    [Fact]
    public void Decrypt_ValueMovedToAnotherContactsRow_Fails()
    {
        using var cipher = Keys().OpenCipher();
        var email = cipher.Encrypt("jane.doe@example.com", FieldPurpose.Email, "token-of-jane");

        var ex = Assert.Throws<EnvelopeException>(() => cipher.Decrypt(email, FieldPurpose.Email, "token-of-john"));

        Assert.DoesNotContain("jane", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("token-of", ex.Message, StringComparison.Ordinal);
        Assert.Equal("jane.doe@example.com", cipher.Decrypt(email, FieldPurpose.Email, "token-of-jane"));
    }

    [Fact]
    public void Decrypt_Version1EnvelopeWrittenBeforeRowBinding_StillOpensButIsNotCurrent()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var cipher = Keys(id: 3, key: key).OpenCipher();
        var legacy = LegacyEnvelope(key, 3, FieldPurpose.Phone, "+12025550143");

        Assert.Equal("+12025550143", cipher.Decrypt(legacy, FieldPurpose.Phone, "any-row"));
        Assert.False(cipher.IsCurrent(legacy));
        Assert.True(cipher.IsCurrent(cipher.Encrypt("+12025550143", FieldPurpose.Phone, "row")));
    }

    [Fact]
    public void Decrypt_Version2EnvelopeRelabelledAsVersion1_Fails()
    {
        using var cipher = Keys().OpenCipher();
        var envelope = cipher.Encrypt("x@example.com", FieldPurpose.Email, "row-a");
        envelope[0] = FieldEnvelope.LegacyFormatVersion; // a downgrade to drop the row binding

        Assert.Throws<EnvelopeException>(() => cipher.Decrypt(envelope, FieldPurpose.Email, "row-b"));
    }

    /// <summary>A version-1 envelope as the vault wrote it before row binding: AAD = header ‖ purpose.</summary>
    internal static byte[] LegacyEnvelope(byte[] key, int keyId, string purpose, string value)
    {
        var plain = System.Text.Encoding.UTF8.GetBytes(value);
        var envelope = new byte[FieldEnvelope.Overhead + plain.Length];
        envelope[0] = FieldEnvelope.LegacyFormatVersion;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(envelope.AsSpan(1, 4), keyId);
        RandomNumberGenerator.Fill(envelope.AsSpan(5, FieldEnvelope.NonceSize));
        byte[] aad = [.. envelope.AsSpan(0, 5), .. System.Text.Encoding.UTF8.GetBytes(purpose)];
        using var aes = new AesGcm(key, FieldEnvelope.TagSize);
        aes.Encrypt(envelope.AsSpan(5, FieldEnvelope.NonceSize), plain, envelope.AsSpan(FieldEnvelope.HeaderSize, plain.Length),
            envelope.AsSpan(envelope.Length - FieldEnvelope.TagSize), aad);
        return envelope;
    }

    [Fact]
    public void Encrypt_MillionValues_NeverReusesANonce()
    {
        using var cipher = Keys().OpenCipher();
        var nonces = new HashSet<(ulong, uint)>(1_000_000);
        for (var i = 0; i < 1_000_000; i++)
        {
            var nonce = FieldEnvelope.NonceOf(cipher.Encrypt("v", FieldPurpose.Phone, "row-token"));
            Assert.True(nonces.Add((BitConverter.ToUInt64(nonce[..8]), BitConverter.ToUInt32(nonce[8..]))), $"nonce reused at encryption {i}");
        }
    }

    [Fact]
    public void Token_SameCustomer_SameTokenAndTrimmed()
    {
        var tokenKey = RandomNumberGenerator.GetBytes(32);
        using var a = Keys(token: tokenKey).OpenCipher();
        using var b = Keys(token: tokenKey).OpenCipher();

        Assert.Equal(a.Token("C-1001"), b.Token(" C-1001 "));
        Assert.NotEqual(a.Token("C-1001"), a.Token("C-1002"));
        Assert.Equal(ContactToken.Length, a.Token("C-1001").Length);
        Assert.DoesNotContain("1001", a.Token("C-1001"), StringComparison.Ordinal);
    }

    [Fact]
    public void Token_OtherTokenKey_DifferentToken()
    {
        using var a = Keys().OpenCipher();
        using var b = Keys().OpenCipher();

        Assert.NotEqual(a.Token("C-1001"), b.Token("C-1001"));
    }
}
