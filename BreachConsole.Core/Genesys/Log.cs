using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Genesys;

/// <summary>
/// The Genesys client's log lines. They carry paths (ids only), counts, statuses and <c>inin-correlation-id</c>; never a
/// contact's data, an address or a message text.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Genesys {Method} {Path} → {Status} in {ElapsedMs:F0} ms (correlation {CorrelationId})")]
    public static partial void Sent(ILogger logger, string method, string path, int status, double elapsedMs, string? correlationId);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Genesys rate-limited {Method} {Path}: not before {Seconds:F0} s from now (correlation {CorrelationId})")]
    public static partial void RateLimited(ILogger logger, string method, string path, double seconds, string? correlationId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Genesys {Method} {Path} still failing with {Status}; handed back as retryable (correlation {CorrelationId})")]
    public static partial void HandedBack(ILogger logger, string method, string path, int status, string? correlationId);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Genesys refused {Method} {Path} with {Status} {Code} (correlation {CorrelationId})")]
    public static partial void Refused(ILogger logger, string method, string path, int status, string? code, string? correlationId);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Genesys retry {Attempt} in {DelaySeconds:F1} s after {Status}")]
    public static partial void Retrying(ILogger logger, int attempt, double delaySeconds, int? status);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Genesys circuit {State} (break {BreakSeconds} s)")]
    public static partial void Circuit(ILogger logger, GenesysCircuitState state, double? breakSeconds);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Genesys token renewed, valid {ExpiresIn} s (correlation {CorrelationId})")]
    public static partial void TokenRenewed(ILogger logger, int expiresIn, string? correlationId);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Genesys answered 401; renewing the token once (correlation {CorrelationId})")]
    public static partial void Unauthorized(ILogger logger, string? correlationId);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "Genesys reports a lower allowance; pacing at {RequestsPerMinute}/min")]
    public static partial void Tightened(ILogger logger, int requestsPerMinute);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Genesys accepted {Count} contacts into list {ContactListId} (correlation {CorrelationId})")]
    public static partial void ContactsAdded(ILogger logger, int count, string contactListId, string? correlationId);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Genesys {Kind} {Name} found as {Id}; not created again")]
    public static partial void Found(ILogger logger, string kind, string name, string id);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "Genesys {Kind} {Name} created as {Id} (correlation {CorrelationId})")]
    public static partial void Created(ILogger logger, string kind, string name, string id, string? correlationId);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "Genesys test {Channel} sent as conversation {ConversationId} (correlation {CorrelationId})")]
    public static partial void TestSent(ILogger logger, string channel, string? conversationId, string? correlationId);
}
