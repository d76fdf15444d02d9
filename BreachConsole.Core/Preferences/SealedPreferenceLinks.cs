using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Preferences;

public enum PreferenceLinkStatus
{
    /// <summary>Opens: sealed by a key this console holds, not expired, not revoked.</summary>
    Valid,

    /// <summary>Not a link this console issued: altered, truncated, or sealed with an unknown key.</summary>
    Invalid,

    Expired,
    Revoked,
}

/// <summary>
/// What a link says, once opened. <see cref="Token"/> is set only when the seal verified (also for an expired or revoked
/// link, so an operator can revoke by pasting it). <see cref="LinkId"/> names the link for rate limiting without being it.
/// </summary>
public sealed record PreferenceLinkCheck(PreferenceLinkStatus Status, string LinkId, string? Token = null, DateTimeOffset? IssuedAt = null,
    DateTimeOffset? ExpiresAt = null, int? KeyId = null)
{
    public bool IsValid => Status == PreferenceLinkStatus.Valid;
}

/// <summary>
/// Preference links sealed with AES-256-GCM: <c>{PublicBaseUrl}/preferences/{link}</c>, where <c>link</c> is base64url of
/// <c>version · key id · nonce · ciphertext · tag</c> and the ciphertext holds the customer's token, the issue time and
/// the expiry. Nothing in the URL is readable or forgeable without the link key; issuing one touches no database (the
/// dispatcher asks for one per contact). Version and key id are bound in as associated data.
/// </summary>
public sealed class SealedPreferenceLinks(
    PreferenceLinkKeys keys,
    IDbContextFactory<BreachConsoleDbContext> contexts,
    IOptions<PreferencesOptions> options,
    TimeProvider time) : IPreferenceLinks
{
    /// <summary>The path customers open, under <c>Preferences:PublicBaseUrl</c>.</summary>
    public const string PathPrefix = "/preferences/";

    private const byte Version = 1;
    private const int HeaderSize = 3;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const byte RawToken = 1;
    private const byte TextToken = 2;
    private const int RawTokenSize = 32;
    private const int MaxTokenBytes = 200;
    private const int FixedPayload = 1 + 8 + 4;

    /// <summary>Longest link text accepted for opening; anything longer is not ours.</summary>
    public const int MaxLinkLength = 512;

    private readonly string _base = (options.Value.PublicBaseUrl ?? PreferencesOptions.DevelopmentBaseUrl).TrimEnd('/');
    private readonly TimeSpan _lifetime = options.Value.LinkLifetime;

    public async ValueTask<string> CreateUrlAsync(string customerToken, CancellationToken cancellationToken) =>
        _base + PathPrefix + Seal(await keys.GetAsync(cancellationToken), customerToken, time.GetUtcNow());

    /// <summary>Verifies a link (the last path segment) and reports what it says; never throws for bad input.</summary>
    public async Task<PreferenceLinkCheck> OpenAsync(string? link, CancellationToken cancellationToken)
    {
        var check = Unseal(await keys.GetAsync(cancellationToken), link);
        if (check.Status != PreferenceLinkStatus.Valid)
        {
            return check;
        }

        if (time.GetUtcNow() >= check.ExpiresAt)
        {
            return check with { Status = PreferenceLinkStatus.Expired };
        }

        var contact = PreferenceLinkRevocation.ContactPrefix + check.Token;
        var key = PreferenceLinkRevocation.KeyPrefix + check.KeyId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var issuedAt = check.IssuedAt!.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var revoked = await db.PreferenceLinkRevocations.AnyAsync(r => (r.Subject == contact && r.RevokedAt >= issuedAt) || r.Subject == key,
            cancellationToken);
        return revoked ? check with { Status = PreferenceLinkStatus.Revoked } : check;
    }

    internal string Seal(PreferenceLinkKeySet set, string customerToken, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerToken);
        Span<byte> raw = stackalloc byte[RawTokenSize];
        var isRaw = customerToken.Length == 43 && Base64Url.TryDecodeFromChars(customerToken, raw, out var written) && written == RawTokenSize
            && Base64Url.EncodeToString(raw) == customerToken;
        var tokenLength = isRaw ? RawTokenSize : Encoding.UTF8.GetByteCount(customerToken);
        if (tokenLength > MaxTokenBytes)
        {
            throw new ArgumentException($"A customer token is at most {MaxTokenBytes} bytes.", nameof(customerToken));
        }

        var plaintextLength = FixedPayload + tokenLength;
        Span<byte> sealedLink = stackalloc byte[HeaderSize + NonceSize + plaintextLength + TagSize];
        var header = sealedLink[..HeaderSize];
        header[0] = Version;
        BinaryPrimitives.WriteUInt16BigEndian(header[1..], (ushort)set.CurrentKeyId);
        var nonce = sealedLink.Slice(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        Span<byte> plaintext = stackalloc byte[plaintextLength];
        plaintext[0] = isRaw ? RawToken : TextToken;
        BinaryPrimitives.WriteInt64BigEndian(plaintext[1..], now.ToUnixTimeMilliseconds());
        var expires = now + _lifetime;
        BinaryPrimitives.WriteUInt32BigEndian(plaintext[9..], (uint)Math.Ceiling(expires.ToUnixTimeMilliseconds() / 1000d));
        if (isRaw)
        {
            raw.CopyTo(plaintext[FixedPayload..]);
        }
        else
        {
            Encoding.UTF8.GetBytes(customerToken, plaintext[FixedPayload..]);
        }

        using (var aes = new AesGcm(set.Keys[set.CurrentKeyId], TagSize))
        {
            aes.Encrypt(nonce, plaintext, sealedLink.Slice(HeaderSize + NonceSize, plaintextLength), sealedLink[^TagSize..], header);
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return Base64Url.EncodeToString(sealedLink);
    }

    internal static PreferenceLinkCheck Unseal(PreferenceLinkKeySet set, string? link)
    {
        var linkId = LinkIdOf(link);
        var invalid = new PreferenceLinkCheck(PreferenceLinkStatus.Invalid, linkId);
        if (string.IsNullOrEmpty(link) || link.Length > MaxLinkLength || !Base64Url.IsValid(link))
        {
            return invalid;
        }

        Span<byte> sealedLink = stackalloc byte[Base64Url.GetMaxDecodedLength(link.Length)];
        if (!Base64Url.TryDecodeFromChars(link, sealedLink, out var length)
            || length < HeaderSize + NonceSize + FixedPayload + 1 + TagSize
            || Base64Url.EncodeToString(sealedLink[..length]) != link)
        {
            return invalid;
        }

        sealedLink = sealedLink[..length];
        var header = sealedLink[..HeaderSize];
        var keyId = BinaryPrimitives.ReadUInt16BigEndian(header[1..]);
        if (header[0] != Version || !set.Keys.TryGetValue(keyId, out var key))
        {
            return invalid;
        }

        var plaintextLength = length - HeaderSize - NonceSize - TagSize;
        Span<byte> plaintext = stackalloc byte[plaintextLength];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedLink.Slice(HeaderSize, NonceSize), sealedLink.Slice(HeaderSize + NonceSize, plaintextLength), sealedLink[^TagSize..],
                plaintext, header);
        }
        catch (AuthenticationTagMismatchException)
        {
            return invalid;
        }

        var tokenBytes = plaintext[FixedPayload..];
        string token;
        if (plaintext[0] == RawToken && tokenBytes.Length == RawTokenSize)
        {
            token = Base64Url.EncodeToString(tokenBytes);
        }
        else if (plaintext[0] == TextToken && tokenBytes.Length > 0)
        {
            token = Encoding.UTF8.GetString(tokenBytes);
        }
        else
        {
            return invalid;
        }

        var issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(plaintext[1..]));
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(plaintext[9..]));
        return new PreferenceLinkCheck(PreferenceLinkStatus.Valid, linkId, token, issuedAt, expiresAt, keyId);
    }

    /// <summary>A short, one-way name for a link (rate-limit partitions): the first 16 bytes of its SHA-256, hex.</summary>
    public static string LinkIdOf(string? link)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(link ?? ""), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
