using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Audit;

/// <summary>
/// Writes the chain head (sequence and hash) to the log stream every few minutes and at shutdown. Log streams are
/// shipped elsewhere, so a later truncation of the table's tail shows against the last digest emitted.
/// </summary>
internal sealed partial class AuditHeadReporter(AuditTrail audit, TimeProvider time, ILogger<AuditHeadReporter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReportAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: StopAsync reports the final head
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await ReportAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            LogHeadUnavailable(logger, ex.GetType().Name);
        }
    }

    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        var head = await audit.HeadAsync(cancellationToken);
        LogHead(logger, head.Sequence, head.Hash);
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Audit chain head: sequence {Sequence}, hash {Hash}")]
    private static partial void LogHead(ILogger logger, long sequence, string hash);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Audit chain head could not be read at shutdown ({ExceptionType})")]
    private static partial void LogHeadUnavailable(ILogger logger, string exceptionType);
}
