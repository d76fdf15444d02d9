using BreachConsole.Core.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Persistence;

/// <summary>
/// Runs before the server listens: applies committed migrations, switches the file to WAL (readers never block the
/// writer), seeds the demo data on an empty database when <c>Demo:Seed</c> is on, then marks the app ready.
/// </summary>
internal sealed partial class DatabaseInitializer(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    DatabaseReadiness readiness,
    IOptions<DemoOptions> demo,
    IServiceProvider services,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        LogMigrated(logger);
        await services.GetRequiredService<Vault.VaultKeyStore>().RefuseMissingKeyRingAsync(cancellationToken);
        // Loads (or, on a new database, creates) the data keys before any writer needs the audit seal key, then seals
        // a chain begun before seals existed.
        await services.GetRequiredService<Vault.VaultKeyStore>().GetAsync(cancellationToken);
        await services.GetRequiredService<Audit.AuditTrail>().SealLegacyChainAsync(cancellationToken);

        if (demo.Value.Seed)
        {
            await services.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
        }

        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Database migrated and ready")]
    private static partial void LogMigrated(ILogger logger);
}
