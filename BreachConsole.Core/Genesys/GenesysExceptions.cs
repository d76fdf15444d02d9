namespace BreachConsole.Core.Genesys;

public enum RetryReason
{
    RateLimited,
    ServerError,
    Timeout,
    CircuitOpen,
}

/// <summary>
/// The work was not done and may be tried again, not before <see cref="NotBefore"/>. The client never waits for that
/// time itself: the caller (the dispatcher) records it on the batch and moves on.
/// </summary>
public sealed class GenesysRetryLaterException(RetryReason reason, DateTimeOffset notBefore, string? correlationId, Exception? inner = null)
    : Exception($"Genesys asked to retry later ({reason}); not before {notBefore:O}.", inner)
{
    public RetryReason Reason { get; } = reason;
    public DateTimeOffset NotBefore { get; } = notBefore;
    public string? CorrelationId { get; } = correlationId;
}

/// <summary>Genesys refused the request (4xx other than 429): retrying the same request would not help.</summary>
public sealed class GenesysApiException(int status, ErrorBody? body, string? correlationId)
    : Exception(Describe(status, body))
{
    public int Status { get; } = status;
    public ErrorBody? Body { get; } = body;
    public string? Code => Body?.Code;
    public string? CorrelationId { get; } = correlationId;

    /// <summary>The fields Genesys named as the problem, when it named any.</summary>
    public IReadOnlyList<string> Fields { get; } = FieldsOf(body);

    private static IReadOnlyList<string> FieldsOf(ErrorBody? body) =>
        body?.Details?.Select(d => d.FieldName).OfType<string>().ToList() is { Count: > 0 } fields ? fields
        : body?.MessageParams is { } p && p.TryGetValue("field", out var field) ? [field] : [];

    // Genesys's free-text message can quote a submitted address or number, so it never becomes the exception message:
    // the status, the error code and the field names (schema names, not values) say what went wrong.
    private static string Describe(int status, ErrorBody? body)
    {
        if (body is null)
        {
            return $"Genesys answered {status}.";
        }

        var fields = FieldsOf(body);
        return fields.Count == 0
            ? $"Genesys answered {status} {body.Code}."
            : $"Genesys answered {status} {body.Code} about {string.Join(", ", fields)}.";
    }
}
