using System.Security.Cryptography;
using System.Text;

namespace BreachConsole.Core.Intake;

/// <summary>
/// Signature checks over the raw body bytes, compared in constant time. PagerDuty v3: <c>X-PagerDuty-Signature</c>
/// carries one or more comma-separated <c>v1=&lt;hex HMAC-SHA256&gt;</c> (several while a secret rotates); any one
/// matching any configured secret passes. Jira: <c>X-Hub-Signature: sha256=&lt;hex&gt;</c>.
/// </summary>
public static class WebhookSignatures
{
    private const int MacSize = 32;

    public static bool VerifyPagerDuty(ReadOnlySpan<byte> body, string? header, IReadOnlyList<string> secrets)
    {
        if (string.IsNullOrWhiteSpace(header) || secrets.Count == 0)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacSize * 8];
        var count = 0;
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret) && count < 8)
            {
                HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected.Slice(count++ * MacSize, MacSize));
            }
        }

        var matched = false;
        Span<byte> given = stackalloc byte[MacSize];
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith("v1=", StringComparison.Ordinal) || !TryHex(part.AsSpan(3), given))
            {
                continue;
            }

            for (var i = 0; i < count; i++)
            {
                // No early exit: every candidate is compared against every secret.
                matched |= CryptographicOperations.FixedTimeEquals(given, expected.Slice(i * MacSize, MacSize));
            }
        }

        return matched;
    }

    public static bool VerifyJira(ReadOnlySpan<byte> body, string? header, string? secret)
    {
        if (string.IsNullOrWhiteSpace(header) || string.IsNullOrEmpty(secret))
        {
            return false;
        }

        var value = header.Trim();
        Span<byte> given = stackalloc byte[MacSize];
        if (!value.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) || !TryHex(value.AsSpan(7), given))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacSize];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>The header value a sender computes: for tests, scripts and the README.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static bool TryHex(ReadOnlySpan<char> hex, Span<byte> destination) =>
        hex.Length == MacSize * 2 && Convert.FromHexString(hex, destination, out _, out var written) == System.Buffers.OperationStatus.Done
        && written == MacSize;
}
