namespace BreachConsole.Core.Audit;

public enum AuditOutcome
{
    Success,
    Denied,
    Failed,
}

/// <summary>
/// One link of the tamper-evident chain. Never holds personal data: targets are ids and tokens, details are counts,
/// states and rule names. Rows are insert-only (database triggers refuse UPDATE and DELETE).
/// </summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Role { get; set; }
    public required string Action { get; set; }
    public required string Target { get; set; }
    public AuditOutcome Outcome { get; set; }

    /// <summary>Canonical JSON object of PII-free key/value pairs (keys sorted).</summary>
    public required string Details { get; set; }

    public string? CorrelationId { get; set; }

    /// <summary>Hex SHA-256 of the previous entry's hash; 64 zeros for the first.</summary>
    public required string PreviousHash { get; set; }

    /// <summary>Hex SHA-256 over the canonical serialization of this entry and <see cref="PreviousHash"/>.</summary>
    public required string Hash { get; set; }

    /// <summary>
    /// Hex HMAC-SHA256 of <see cref="Hash"/> under the vault's audit seal key (<see cref="AuditSeal"/>): what a rewrite
    /// with raw SQL cannot recompute. Null only on entries written before seals existed.
    /// </summary>
    public string? Seal { get; set; }
}

/// <summary>What a use case says happened. The chain adds sequence, time and hashes when it commits.</summary>
public sealed record AuditRecord(
    string Actor,
    string Role,
    string Action,
    string Target,
    AuditOutcome Outcome = AuditOutcome.Success,
    IReadOnlyDictionary<string, string>? Details = null,
    string? CorrelationId = null);
