using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Intake;

internal static partial class Log
{
    [LoggerMessage(EventId = 3400, Level = LogLevel.Warning, Message = "Refused a {Source} webhook delivery: {Reason}")]
    public static partial void Refused(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "{Source} webhook {EventType} for {ExternalRef} (new incident: {Created})")]
    public static partial void Accepted(ILogger logger, string source, string eventType, string externalRef, bool created);
}
