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

    public static string ComputeHash(AuditEntry e) =>
        new Hasher().Compute(e.Sequence, e.At.UtcTicks, e.Actor, e.Role, e.Action, e.Target, e.Outcome.ToString(), e.Details, e.CorrelationId,
            e.PreviousHash);

    /// <summary>Hashes entries with one reusable buffer (not thread-safe: one per walk).</summary>
    public sealed class Hasher
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(1024);
        private readonly Utf8JsonWriter _writer;

        public Hasher() => _writer = new Utf8JsonWriter(_buffer);

        public string Compute(long sequence, long atUtcTicks, string actor, string role, string action, string target, string outcome,
            string details, string? correlationId, string previousHash)
        {
            Span<byte> digest = stackalloc byte[32];
            Hash(sequence, atUtcTicks, actor, role, action, target, outcome, details, correlationId, previousHash, digest);
            return Convert.ToHexStringLower(digest);
        }

        public bool Matches(string expectedHex, long sequence, long atUtcTicks, string actor, string role, string action, string target,
            string outcome, string details, string? correlationId, string previousHash)
        {
            Span<byte> digest = stackalloc byte[32];
            Span<byte> expected = stackalloc byte[32];
            Hash(sequence, atUtcTicks, actor, role, action, target, outcome, details, correlationId, previousHash, digest);
            return expectedHex.Length == 64
                && Convert.FromHexString(expectedHex, expected, out _, out var written) == System.Buffers.OperationStatus.Done
                && written == 32
                && CryptographicOperations.FixedTimeEquals(digest, expected);
        }

        // Field order and forms are the chain's format: changing any of them invalidates every stored hash.
        private void Hash(long sequence, long atUtcTicks, string actor, string role, string action, string target, string outcome,
            string details, string? correlationId, string previousHash, Span<byte> digest)
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            _writer.WriteStartArray();
            _writer.WriteNumberValue(sequence);
            _writer.WriteStringValue(atUtcTicks.ToString(CultureInfo.InvariantCulture));
            _writer.WriteStringValue(actor);
            _writer.WriteStringValue(role);
            _writer.WriteStringValue(action);
            _writer.WriteStringValue(target);
            _writer.WriteStringValue(outcome);
            _writer.WriteStringValue(details);
            _writer.WriteStringValue(correlationId);
            _writer.WriteStringValue(previousHash);
            _writer.WriteEndArray();
            _writer.Flush();
            SHA256.HashData(_buffer.WrittenSpan, digest);
        }
    }
}
