using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Preferences;

internal static partial class Log
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Created preference-link key {DataKeyId}, wrapped by {KekId}")]
    public static partial void LinkKeyCreated(ILogger logger, int dataKeyId, string kekId);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Preference-link key {DataKeyId} is now current (revoked older keys: {RevokedPrevious})")]
    public static partial void LinkKeyRotated(ILogger logger, int dataKeyId, bool revokedPrevious);
}
