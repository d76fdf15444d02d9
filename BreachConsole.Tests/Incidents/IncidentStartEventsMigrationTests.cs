using BreachConsole.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BreachConsole.Tests.Incidents;

/// <summary>
/// An incident a webhook raised before the intake set discovery and determination (both stored as year 1) gets them from
/// its awareness time when the database is upgraded, on a real SQLite file migrated step by step.
/// </summary>
public sealed class IncidentStartEventsMigrationTests : IDisposable
{
    private const string Before = "20261202202614_CampaignDeliverySamples";
    private readonly string _file = Path.Combine(Path.GetTempPath(), "breachconsole-tests", $"migrate-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Upgrade_WebhookIncidentWithYearOneStartEvents_StartsThemAtAwareness()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        await using var db = new BreachConsoleDbContext(new DbContextOptionsBuilder<BreachConsoleDbContext>().UseSqlite($"Data Source={_file}").Options);
        await db.GetService<IMigrator>().MigrateAsync(Before);
        var aware = await InsertIncidentAsync(db, "webhook", discoveredAt: 0);
        var entered = await InsertIncidentAsync(db, "entered", discoveredAt: 1_000);

        await db.Database.MigrateAsync();

        Assert.Equal((aware, aware), await StartEventsAsync(db, "webhook"));
        Assert.Equal((1_000L, 1_000L), await StartEventsAsync(db, "entered"));
    }

    /// <summary>A row as the schema before the upgrade holds it: every required column filled, the start events as given.</summary>
    private static async Task<long> InsertIncidentAsync(BreachConsoleDbContext db, string title, long discoveredAt)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        var columns = new List<(string Name, string Type)>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name, type FROM pragma_table_info('Incidents') WHERE \"notnull\" = 1 AND (dflt_value IS NULL OR name IN ('DiscoveredAt', 'DeterminedAt'))";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        const long awareAt = 5_000;
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO Incidents ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", columns.Select(c => "$" + c.Name))})";
        foreach (var (name, type) in columns)
        {
            insert.Parameters.AddWithValue("$" + name, name switch
            {
                "Id" => Guid.NewGuid().ToString().ToUpperInvariant(),
                "Title" => title,
                "AwareAt" => awareAt,
                "DiscoveredAt" or "DeterminedAt" => discoveredAt,
                "State" => "Triage",
                _ => type.Equals("INTEGER", StringComparison.OrdinalIgnoreCase) ? 0 : "[]",
            });
        }

        await insert.ExecuteNonQueryAsync();
        return awareAt;
    }

    private static async Task<(long Discovered, long Determined)> StartEventsAsync(BreachConsoleDbContext db, string title)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT DiscoveredAt, DeterminedAt FROM Incidents WHERE Title = $title";
        read.Parameters.AddWithValue("$title", title);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}
