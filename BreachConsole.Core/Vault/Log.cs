using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Vault;

internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Created the local key ring at {Path} (owner-only permissions)")]
    public static partial void KeyRingCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "The key ring at {Path} was readable by others; permissions reset to 0600")]
    public static partial void KeyRingPermissionsTightened(ILogger logger, string path);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Key-encryption key {KekId} is now current ({KekCount} in the ring)")]
    public static partial void KekRotated(ILogger logger, string kekId, int kekCount);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Created data key {DataKeyId} for {Purpose}, wrapped by {KekId}")]
    public static partial void DataKeyCreated(ILogger logger, int dataKeyId, string purpose, string kekId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Retired {RetiredCount} unused key-encryption keys ({KekCount} left in the ring)")]
    public static partial void KeksRetired(ILogger logger, int retiredCount, int kekCount);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Re-wrapped {DataKeyCount} data keys under {KekId}")]
    public static partial void DataKeysRewrapped(ILogger logger, int dataKeyCount, string kekId);
}
