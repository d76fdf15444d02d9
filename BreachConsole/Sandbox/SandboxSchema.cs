using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Sandbox;

/// <summary>
/// Creates the sandbox's file, or recreates it when it was made by another version of these tables (it is a test
/// double's scratch state, not the product's data: no migrations, see <see cref="SandboxDbContext"/>).
/// </summary>
internal static class SandboxSchema
{
    public static async Task EnsureAsync(SandboxDbContext db, CancellationToken cancellationToken)
    {
        bool stale;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            stale = await UserVersionAsync(db, cancellationToken) != SandboxDbContext.SchemaVersion && await HasTablesAsync(db, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (stale)
        {
            await db.Database.EnsureDeletedAsync(cancellationToken);
        }

        await db.Database.EnsureCreatedAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(SandboxDbContext.SchemaVersionPragma, cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    private static async Task<long> UserVersionAsync(SandboxDbContext db, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<bool> HasTablesAsync(SandboxDbContext db, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table';";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
