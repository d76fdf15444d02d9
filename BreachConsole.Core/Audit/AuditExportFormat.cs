using FluentValidation;
using FluentValidation.Results;

namespace BreachConsole.Core.Audit;

public enum AuditExportFormat
{
    Csv,
    Json,
}

/// <summary>
/// What an audit export is called and how it is typed, decided once for both doors (the API's
/// <c>GET /api/v1/audit/export</c> and the audit log page's download buttons).
/// </summary>
public static class AuditExportFormats
{
    /// <summary>The <c>format</c> query value: <c>csv</c> (the default) or <c>json</c>, in any case.</summary>
    public static AuditExportFormat Parse(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "csv" => AuditExportFormat.Csv,
        "json" => AuditExportFormat.Json,
        _ => throw new ValidationException([new ValidationFailure("format", "format must be csv or json.")]),
    };

    public static string ContentType(this AuditExportFormat format) => format switch
    {
        AuditExportFormat.Csv => "text/csv; charset=utf-8",
        AuditExportFormat.Json => "application/json; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public static string FileName(this AuditExportFormat format) => format switch
    {
        AuditExportFormat.Csv => "audit.csv",
        AuditExportFormat.Json => "audit.json",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
