using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Vault;

/// <summary>
/// Runs <see cref="Reencryptor"/> in the background: at start-up (a re-encryption interrupted by a restart continues
/// from its cursor), when a rotation signals, and every minute while one is unfinished.
/// </summary>
internal sealed partial class ReencryptionWorker(Reencryptor reencryptor, ReencryptionSignal signal, TimeProvider time, ILogger<ReencryptionWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await reencryptor.RunAsync(int.MaxValue, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The cursor is where the last committed batch left it; the next wake-up resumes from there.
                    LogPassFailed(logger, ex.GetType().Name);
                }

                await signal.WaitAsync(Retry, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: the cursor holds the progress
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "A re-encryption batch failed ({ExceptionType}); it resumes from its cursor")]
    private static partial void LogPassFailed(ILogger logger, string exceptionType);
}
