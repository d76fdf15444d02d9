using System.Security.Cryptography;
using System.Text;

namespace BreachConsole.Core.Vault;

/// <summary>The contact's identity outside the vault: deterministic, so dedup and lookups work without decrypting.</summary>
public static class ContactToken
{
    public const int Length = 43;

    public static string Compute(byte[] tokenKey, string customerId)
    {
        // NFC first: the same id typed with a combining accent or a precomposed letter is one customer, one token.
        var trimmed = customerId.Trim();
        if (!trimmed.IsNormalized(NormalizationForm.FormC))
        {
            trimmed = trimmed.Normalize(NormalizationForm.FormC);
        }

        Span<byte> input = trimmed.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetByteCount(trimmed)] : new byte[Encoding.UTF8.GetByteCount(trimmed)];
        Encoding.UTF8.GetBytes(trimmed, input);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(tokenKey, input, mac);
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
