using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BreachConsole.Core.Audit;

/// <summary>The one canonical serialization the chain hashes: fixed field order, UTC ticks, sorted detail keys.</summary>
public static class AuditCanonical
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Details(IReadOnlyDictionary<string, string>? details)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in (details ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string ComputeHash(AuditEntry e)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(e.Sequence);
            writer.WriteStringValue(e.At.UtcTicks.ToString(CultureInfo.InvariantCulture));
            writer.WriteStringValue(e.Actor);
            writer.WriteStringValue(e.Role);
            writer.WriteStringValue(e.Action);
            writer.WriteStringValue(e.Target);
            writer.WriteStringValue(e.Outcome.ToString());
            writer.WriteStringValue(e.Details);
            writer.WriteStringValue(e.CorrelationId);
            writer.WriteStringValue(e.PreviousHash);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }
}
