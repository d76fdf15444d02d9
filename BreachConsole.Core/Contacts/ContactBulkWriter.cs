using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BreachConsole.Core.Contacts;

/// <summary>
/// The writing stage of an import: one connection tuned for bulk inserts (a big page cache) and two prepared commands,
/// an insert of the contact (a duplicate in the incident inserts nothing) and the seed of its preferences.
/// </summary>
internal sealed class ContactBulkWriter : IDisposable
{
    /// <summary>SQLite page cache for an import connection, in KiB.</summary>
    public const int ImportCacheKiB = 64 * 1024;

    private const string InsertContactSql = """
        INSERT INTO Contacts (IncidentId, Token, CustomerIdCipher, FirstNameCipher, LastNameCipher, EmailCipher, PhoneCipher, Country, Region, Locale, Channel, ImportedAt)
        VALUES ($incident, $token, $customerId, $firstName, $lastName, $email, $phone, $country, $region, $locale, $channel, $at)
        ON CONFLICT (IncidentId, Token) DO NOTHING
        """;

    // Opt-out columns seed a preference; they never overwrite one the customer (or an operator) already set. An
    // electronic-notice consent fills in only an answer never recorded (HIPAA, 45 CFR §164.404(d)(1)(i)).
    private const string SeedPreferenceSql = """
        INSERT INTO ContactPreferences (Token, OptOutMarketing, OptOutServiceAlerts, PreferredChannel, PreferredLanguage, ElectronicNoticeConsent, UpdatedAt, UpdatedBy)
        VALUES ($token, $marketing, $serviceAlerts, NULL, NULL, $consent, $at, $by)
        ON CONFLICT (Token) DO UPDATE SET ElectronicNoticeConsent = excluded.ElectronicNoticeConsent, UpdatedAt = excluded.UpdatedAt, UpdatedBy = excluded.UpdatedBy
        WHERE ContactPreferences.ElectronicNoticeConsent IS NULL AND excluded.ElectronicNoticeConsent IS NOT NULL
        """;

    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _seed;

    private ContactBulkWriter(SqliteCommand insert, SqliteCommand seed)
    {
        _insert = insert;
        _seed = seed;
    }

    /// <summary>Prepares the commands on the context's (open) connection, inside <paramref name="transaction"/>.</summary>
    public static ContactBulkWriter Open(DbContext db, IDbContextTransaction transaction, Guid incidentId, DateTimeOffset importedAt,
        string importedBy)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var insert = Command(connection, transaction, InsertContactSql,
            "$incident", "$token", "$customerId", "$firstName", "$lastName", "$email", "$phone", "$country", "$region", "$locale", "$channel", "$at");
        var seed = Command(connection, transaction, SeedPreferenceSql, "$token", "$marketing", "$serviceAlerts", "$consent", "$at", "$by");
        insert.Parameters["$incident"].Value = incidentId.ToString().ToUpperInvariant();
        insert.Parameters["$at"].Value = importedAt.UtcTicks;
        seed.Parameters["$at"].Value = importedAt.UtcTicks;
        seed.Parameters["$by"].Value = importedBy;
        return new ContactBulkWriter(insert, seed);
    }

    /// <summary>
    /// Tokens are uniformly random, so the unique (incident, token) index is written all over: a bigger page cache than
    /// SQLite's 2 MB default keeps a million-row import from thrashing it.
    /// </summary>
    public static async Task TuneAsync(DbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var pragma = db.Database.GetDbConnection().CreateCommand();
        pragma.CommandText = $"PRAGMA cache_size = -{ImportCacheKiB};";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Gives the import's page cache back: the connection returns to the pool with its pragmas, and a 64 MB cache kept by a
    /// pooled connection would stay resident for the life of the process (the dispatcher's memory target counts it).
    /// </summary>
    public static async Task UntuneAsync(DbContext db)
    {
        await using var pragma = db.Database.GetDbConnection().CreateCommand();
        pragma.CommandText = "PRAGMA cache_size = -2000; PRAGMA shrink_memory;";
        await pragma.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Rows from which an import gives its heap back to the operating system when it ends.</summary>
    public const long LargeImportRows = 100_000;

    /// <summary>
    /// After a large import, one aggressive, compacting collection returns the heap the import grew (row buffers, envelopes,
    /// prepared parameters) to the operating system. Without it a console that imported a million contacts keeps that
    /// memory resident for the hours of dispatch that follow (the dispatcher's memory target counts it); the collection
    /// costs a fraction of a second once per large import. Smaller imports leave the collector to itself.
    /// </summary>
    public static void ReleaseMemoryAfter(long rows)
    {
        if (rows >= LargeImportRows)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    /// <summary>Inserts a checked row; false when the customer is already in the incident (a duplicate).</summary>
    public bool Write(ProcessedRow item)
    {
        var input = item.Input!;
        _insert.Parameters["$token"].Value = item.Token;
        _insert.Parameters["$customerId"].Value = item.CustomerId;
        _insert.Parameters["$firstName"].Value = item.FirstName;
        _insert.Parameters["$lastName"].Value = (object?)item.LastName ?? DBNull.Value;
        _insert.Parameters["$email"].Value = (object?)item.Email ?? DBNull.Value;
        _insert.Parameters["$phone"].Value = (object?)item.Phone ?? DBNull.Value;
        _insert.Parameters["$country"].Value = input.Country;
        _insert.Parameters["$region"].Value = (object?)input.Region ?? DBNull.Value;
        _insert.Parameters["$locale"].Value = input.Locale;
        _insert.Parameters["$channel"].Value = input.Channel.ToString();
        if (_insert.ExecuteNonQuery() == 0)
        {
            return false;
        }

        if (input.OptOutMarketing is not null || input.OptOutServiceAlerts is not null || input.ElectronicNoticeConsent is not null)
        {
            _seed.Parameters["$token"].Value = item.Token;
            _seed.Parameters["$marketing"].Value = input.OptOutMarketing ?? false;
            _seed.Parameters["$serviceAlerts"].Value = input.OptOutServiceAlerts ?? false;
            _seed.Parameters["$consent"].Value = (object?)input.ElectronicNoticeConsent ?? DBNull.Value;
            _seed.ExecuteNonQuery();
        }

        return true;
    }

    /// <summary>Moves both commands to the next batch's transaction.</summary>
    public void Enlist(IDbContextTransaction transaction) =>
        _insert.Transaction = _seed.Transaction = (SqliteTransaction)transaction.GetDbTransaction();

    private static SqliteCommand Command(SqliteConnection connection, IDbContextTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = (SqliteTransaction)transaction.GetDbTransaction();
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    public void Dispose()
    {
        _insert.Dispose();
        _seed.Dispose();
    }
}
