using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Contacts;

internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information,
        Message = "Imported contacts into incident {IncidentId}: {Accepted} accepted, {Rejected} rejected, {Duplicates} duplicates in {ElapsedMs} ms")]
    public static partial void Imported(ILogger logger, Guid incidentId, long accepted, long rejected, long duplicates, long elapsedMs);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Contact import into incident {IncidentId} stopped at row {Row}: {Reason}")]
    public static partial void ImportStopped(ILogger logger, Guid incidentId, long row, string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Import into incident {IncidentId}: committed batch ending at row {Row}")]
    public static partial void BatchCommitted(ILogger logger, Guid incidentId, long row);
}
