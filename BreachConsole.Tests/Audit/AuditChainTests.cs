using System.Net;
using System.Net.Http.Json;
using BreachConsole.Core.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using BreachConsole.Core.Audit;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static BreachConsole.Tests.Infrastructure.AuditTestKit;

namespace BreachConsole.Tests.Audit;

/// <summary>The hash chain over a real SQLite file: verification, tamper detection, ordering and the writer lock.
/// Tampering tests get their own database each.</summary>
public sealed class AuditChainTests
{
    [Fact]
    public async Task Verify_CleanChain_IsValidAndCountsEveryEntry()
    {
        using var app = new ConsoleFactory();
        await CreateIncidentsAsync(app, 5);

        var result = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit/verify")).JsonAsync();

        Assert.True(result.GetProperty("valid").GetBoolean());
        Assert.Equal(5, result.GetProperty("entries").GetInt64());
        Assert.Equal(JsonValueKindNull, result.GetProperty("firstInvalidSequence").ValueKind);
    }

    [Fact]
    public async Task Verify_EntryEditedBehindTheTriggersBack_NamesThatSequence()
    {
        using var app = new ConsoleFactory();
        await CreateIncidentsAsync(app, 6);

        // An attacker with file access drops the trigger and rewrites one entry.
        Execute(app, "DROP TRIGGER AuditEntries_NoUpdate; UPDATE AuditEntries SET Actor = 'ops.dave' WHERE Sequence = 4;");

        var result = await Trail(app).VerifyChainAsync();

        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstInvalidSequence);
        Assert.Equal(3, result.Entries);
    }

    [Fact]
    public async Task Verify_EntryEditedWithRecomputedHash_IsCaughtByItsSeal()
    {
        using var app = new ConsoleFactory();
        await CreateIncidentsAsync(app, 5);
        var trail = Trail(app);

        // A smarter attacker also recomputes the edited entry's own hash: its seal (keyed) no longer matches, and the next
        // entry's link would not either.
        var forged = new AuditEntry
        {
            Sequence = 2, Actor = "ops.dave", Role = "Operations", Action = "incident.create", Target = "incident:x", Details = "{}",
            PreviousHash = ReadHash(app, 1), Hash = "", At = DateTimeOffset.UnixEpoch,
        };
        forged.Hash = AuditCanonical.ComputeHash(forged);
        Execute(app, $"DROP TRIGGER AuditEntries_NoUpdate; UPDATE AuditEntries SET Actor='ops.dave', Target='incident:x', Details='{{}}', CorrelationId=NULL, " +
            $"At={DateTimeOffset.UnixEpoch.UtcTicks}, Hash='{forged.Hash}' WHERE Sequence = 2;");

        var result = await trail.VerifyChainAsync();

        Assert.False(result.Valid);
        Assert.Equal(2, result.FirstInvalidSequence);
        Assert.Contains("seal", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EntryRewrittenAndEveryLaterHashRecomputedWithRawSql_ReportsBroken()
    {
        using var app = new ConsoleFactory();
        await CreateIncidentsAsync(app, 6);
        var auditor = app.Api(DemoUsers.AuditorErin);

        // The attacker with the database file (but not the key provider) rewrites entry 3 and redoes every hash and link
        // after it, so every SHA-256 in the chain checks out again.
        RewriteTail(app, 3, e => e.Actor = "ops.dave");
        Assert.True(HashesAlone(app), "the forged tail is consistent as far as unkeyed hashes go");

        var result = await (await auditor.GetAsync("/api/v1/audit/verify")).JsonAsync();

        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal(3, result.GetProperty("firstInvalidSequence").GetInt64());
        Assert.Equal(2, result.GetProperty("entries").GetInt64());
    }

    [Fact]
    public async Task Verify_SealsStrippedWithRawSql_ReportsBrokenFromTheFirstEntry()
    {
        using var app = new ConsoleFactory();
        await CreateIncidentsAsync(app, 4);

        // Without the key, a forger's only other move is to pretend the chain predates seals.
        Execute(app, "DROP TRIGGER AuditEntries_NoUpdate; UPDATE AuditEntries SET Seal = NULL WHERE Sequence >= 2;");

        var result = await Trail(app).VerifyChainAsync();

        Assert.False(result.Valid);
        Assert.Equal(2, result.FirstInvalidSequence);
        Assert.Contains("no seal", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ChainWrittenBeforeSeals_IsSealedOnceAndALaterRewriteStillShows()
    {
        using var app = new ConsoleFactory();
        await CreateIncidentsAsync(app, 3);
        // The chain as an older version wrote it: no seals.
        Execute(app, "DROP TRIGGER AuditEntries_NoUpdate; UPDATE AuditEntries SET Seal = NULL;");
        var trail = Trail(app);
        Assert.False((await trail.VerifyChainAsync()).Valid);

        await trail.SealLegacyChainAsync(CancellationToken.None);
        await trail.SealLegacyChainAsync(CancellationToken.None); // a second start adds nothing
        await CreateIncidentsAsync(app, 2);

        var sealedChain = await trail.VerifyChainAsync();
        Assert.True(sealedChain.Valid, sealedChain.Problem);
        Assert.Equal(6, sealedChain.Entries);
        var started = await trail.QueryAsync(new Actor("auditor.erin", [Roles.Auditor]), new AuditQuery(Action: AuditActions.AuditSealStarted));
        Assert.Equal("3", Assert.Single(started.Items).Details["unsealedThrough"]);

        // Rewriting an old (unsealed) entry means recomputing the sealed entries after it, which needs the key.
        RewriteTail(app, 2, e => e.Target = "incident:forged");
        var result = await trail.VerifyChainAsync();
        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstInvalidSequence);
    }

    /// <summary>Edits entry <paramref name="from"/> with raw SQL and recomputes its hash and every later hash and link.</summary>
    private static void RewriteTail(ConsoleFactory app, long from, Action<AuditEntry> edit)
    {
        using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        connection.Open();
        var rows = ReadEntries(connection);
        using (var drop = connection.CreateCommand())
        {
            drop.CommandText = "DROP TRIGGER IF EXISTS AuditEntries_NoUpdate;";
            drop.ExecuteNonQuery();
        }

        var previous = rows.Single(r => r.Sequence == from).PreviousHash;
        foreach (var entry in rows.Where(r => r.Sequence >= from))
        {
            if (entry.Sequence == from)
            {
                edit(entry);
            }

            entry.PreviousHash = previous;
            entry.Hash = AuditCanonical.ComputeHash(entry);
            previous = entry.Hash;
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE AuditEntries SET Actor = $actor, Target = $target, PreviousHash = $prev, Hash = $hash WHERE Sequence = $s";
            update.Parameters.AddWithValue("$actor", entry.Actor);
            update.Parameters.AddWithValue("$target", entry.Target);
            update.Parameters.AddWithValue("$prev", entry.PreviousHash);
            update.Parameters.AddWithValue("$hash", entry.Hash);
            update.Parameters.AddWithValue("$s", entry.Sequence);
            update.ExecuteNonQuery();
        }
    }

    /// <summary>What verification said before seals: every link and hash (no key) holds.</summary>
    private static bool HashesAlone(ConsoleFactory app)
    {
        using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        connection.Open();
        var previous = AuditCanonical.GenesisHash;
        foreach (var entry in ReadEntries(connection))
        {
            var stored = entry.Hash;
            if (entry.PreviousHash != previous || AuditCanonical.ComputeHash(entry) != stored)
            {
                return false;
            }

            previous = stored;
        }

        return true;
    }

    private static List<AuditEntry> ReadEntries(SqliteConnection connection)
    {
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT Sequence, At, Actor, Role, Action, Target, Outcome, Details, CorrelationId, PreviousHash, Hash FROM AuditEntries ORDER BY Sequence";
        using var reader = select.ExecuteReader();
        var rows = new List<AuditEntry>();
        while (reader.Read())
        {
            rows.Add(new AuditEntry
            {
                Sequence = reader.GetInt64(0),
                At = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                Actor = reader.GetString(2),
                Role = reader.GetString(3),
                Action = reader.GetString(4),
                Target = reader.GetString(5),
                Outcome = Enum.Parse<AuditOutcome>(reader.GetString(6)),
                Details = reader.GetString(7),
                CorrelationId = reader.IsDBNull(8) ? null : reader.GetString(8),
                PreviousHash = reader.GetString(9),
                Hash = reader.GetString(10),
            });
        }

        return rows;
    }

    [Fact]
    public async Task Verify_EntryDeleted_NamesTheMissingSequence()
    {
        using var app = new ConsoleFactory();
        await CreateIncidentsAsync(app, 5);

        Execute(app, "DROP TRIGGER AuditEntries_NoDelete; DELETE FROM AuditEntries WHERE Sequence = 3;");

        var result = await Trail(app).VerifyChainAsync();

        Assert.False(result.Valid);
        Assert.Equal(3, result.FirstInvalidSequence);
        Assert.Contains("missing", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE AuditEntries SET Actor = 'x' WHERE Sequence = 1;")]
    [InlineData("DELETE FROM AuditEntries WHERE Sequence = 1;")]
    public async Task Database_UpdateOrDelete_IsRefusedByTrigger(string sql)
    {
        using var app = new ConsoleFactory();
        await CreateIncidentsAsync(app, 1);

        var error = Assert.Throws<SqliteException>(() => Execute(app, sql));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.True((await Trail(app).VerifyChainAsync()).Valid);
    }

    [Fact]
    public async Task Record_ConcurrentWriters_KeepOneUnbrokenChain()
    {
        using var app = new ConsoleFactory();
        var trail = Trail(app);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await trail.RecordAsync(new AuditRecord($"writer{w}", "Operations", "test.write", $"item:{i}"));
            }
        })).Append(CreateIncidentsAsync(app, 10)));

        var result = await trail.VerifyChainAsync();
        Assert.True(result.Valid, result.Problem);
        Assert.Equal(210, result.Entries);
        Assert.Equal(210, result.Head.Sequence);
    }

    [Fact]
    public async Task Record_ClockStepsBack_EntryTimeNeverDecreasesAndDateFiltersStayExact()
    {
        var clock = new SettableClock { Now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero) };
        using var app = new ConsoleFactory { Time = clock };
        var trail = Trail(app);
        await trail.RecordAsync(new AuditRecord("ops.carol", "Operations", "test.a", "t"));
        clock.Now = clock.Now.AddMinutes(10);
        await trail.RecordAsync(new AuditRecord("ops.carol", "Operations", "test.b", "t"));
        clock.Now = new DateTimeOffset(2026, 3, 1, 11, 0, 0, TimeSpan.Zero); // NTP steps the wall clock back an hour
        await trail.RecordAsync(new AuditRecord("ops.carol", "Operations", "test.c", "t"));
        clock.Now = new DateTimeOffset(2026, 3, 1, 13, 0, 0, TimeSpan.Zero);
        await trail.RecordAsync(new AuditRecord("ops.carol", "Operations", "test.d", "t"));

        var auditor = new Actor("auditor.erin", [Roles.Auditor]);
        var all = await trail.QueryAsync(auditor, new AuditQuery(Target: "t"));
        var window = await trail.QueryAsync(auditor, new AuditQuery(Target: "t",
            From: new DateTimeOffset(2026, 3, 1, 12, 5, 0, TimeSpan.Zero), To: new DateTimeOffset(2026, 3, 1, 12, 30, 0, TimeSpan.Zero)));

        var times = all.Items.OrderBy(e => e.Sequence).Select(e => e.At).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal(times[1], times[2]);
        Assert.Equal(["test.c", "test.b"], window.Items.Select(e => e.Action));
        Assert.True((await trail.VerifyChainAsync()).Valid);
    }

    [Fact]
    public async Task AddAudit_SeveralEntriesInOneSave_AreLinkedInOrder()
    {
        using var app = new ConsoleFactory();
        var contexts = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Persistence.BreachConsoleDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.AddAudit(new AuditRecord("legal.alice", "Legal", "test.first", "x"));
            db.AddAudit(new AuditRecord("legal.alice", "Legal", "test.second", "x"));
            db.AddAudit(new AuditRecord("legal.alice", "Legal", "test.third", "x"));
            await db.SaveChangesAsync();
        }

        var trail = Trail(app);
        var page = await trail.QueryAsync(new Actor("auditor.erin", [Roles.Auditor]), new AuditQuery(Target: "x"));

        Assert.Equal(["test.third", "test.second", "test.first"], page.Items.Select(e => e.Action));
        Assert.Equal([3L, 2L, 1L], page.Items.Select(e => e.Sequence));
        Assert.True((await trail.VerifyChainAsync()).Valid);
    }

    [Fact]
    public async Task Save_ConcurrencyConflictWithStagedEntry_DoesNotBlockLaterWriters()
    {
        using var app = new ConsoleFactory();
        var created = await (await app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident())).JsonAsync();
        var id = created.GetProperty("id").GetGuid();
        var contexts = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Persistence.BreachConsoleDbContext>>();

        await using (var db = await contexts.CreateDbContextAsync())
        {
            var incident = await db.Incidents.SingleAsync(i => i.Id == id);
            Execute(app, $"DELETE FROM Incidents WHERE Id = '{id.ToString().ToUpperInvariant()}'; DELETE FROM Incidents WHERE Id = '{id}';");
            incident.Title = "renamed";
            db.AddAudit(new AuditRecord("ops.carol", "Operations", "incident.update", $"incident:{id}"));
            await Assert.ThrowsAsync<Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
        }

        // Before the fix the chain's writer lock stayed taken and this waited for ever.
        await Trail(app).RecordAsync(new AuditRecord("ops.dave", "Operations", "test.after", "x")).WaitAsync(TimeSpan.FromSeconds(15));
        var result = await Trail(app).VerifyChainAsync();
        Assert.True(result.Valid);
        Assert.Equal(2, result.Entries);
    }

    [Fact]
    public async Task Save_CancelledWithStagedEntry_DoesNotBlockLaterWriters()
    {
        using var app = new ConsoleFactory();
        var contexts = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Persistence.BreachConsoleDbContext>>();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.AddAudit(new AuditRecord("ops.carol", "Operations", "test.cancelled", "x"));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.SaveChangesAsync(cancelled.Token));
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Trail(app).RecordAsync(new AuditRecord("ops.dave", "Operations", "test.after", $"x{i}")))).WaitAsync(TimeSpan.FromSeconds(15));
        var result = await Trail(app).VerifyChainAsync();
        Assert.True(result.Valid);
        Assert.Equal(4, result.Entries);
    }

    [Fact]
    public async Task Save_FailingInsideTheDatabase_LeavesNoAuditEntryAndTheChainWritable()
    {
        using var app = new ConsoleFactory();
        await app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident("jira:SEC-1"));
        var contexts = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Persistence.BreachConsoleDbContext>>();

        // A racing creator that got past the service's check: the unique index refuses the row inside SaveChanges.
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Incidents.Add(new Core.Incidents.Incident { Id = Guid.NewGuid(), Title = "t", ExternalRef = "jira:SEC-1", CreatedBy = "ops.dave" });
            db.AddAudit(new AuditRecord("ops.dave", "Operations", "incident.create", "incident:racer"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        var trail = Trail(app);
        Assert.Equal(1, (await trail.HeadAsync()).Sequence);
        await trail.RecordAsync(new AuditRecord("ops.dave", "Operations", "test.after", "x")).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True((await trail.VerifyChainAsync()).Valid);
    }

    /// <summary>A wall clock that can step backwards, which FakeTimeProvider refuses to model.</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Database_InsertOrReplaceAnOldEntry_RefusedByTrigger()
    {
        using var app = new ConsoleFactory();
        await CreateIncidentsAsync(app, 3);

        // INSERT OR REPLACE deletes the old row without firing the no-delete trigger: history rewritten in one statement.
        var replace = Assert.Throws<SqliteException>(() => Execute(app,
            "INSERT OR REPLACE INTO AuditEntries (Sequence, At, Actor, Role, Action, Target, Outcome, Details, CorrelationId, PreviousHash, Hash) SELECT Sequence, At, 'ops.dave', Role, Action, Target, Outcome, Details, CorrelationId, PreviousHash, Hash "
            + "FROM AuditEntries WHERE Sequence = 2;"));
        var skip = Assert.Throws<SqliteException>(() => Execute(app,
            "INSERT INTO AuditEntries (Sequence, At, Actor, Role, Action, Target, Outcome, Details, CorrelationId, PreviousHash, Hash) SELECT Sequence + 10, At, Actor, Role, Action, Target, Outcome, Details, CorrelationId, PreviousHash, Hash "
            + "FROM AuditEntries WHERE Sequence = 3;"));

        Assert.Contains("appended in sequence", replace.Message, StringComparison.Ordinal);
        Assert.Contains("appended in sequence", skip.Message, StringComparison.Ordinal);
        Assert.True((await Trail(app).VerifyChainAsync()).Valid);
        await CreateIncidentsAsync(app, 1);
        Assert.Equal(4, (await Trail(app).VerifyChainAsync()).Entries);
    }

    [Fact]
    public async Task Query_SearchedEmail_NotRecordedInTheReadEntry()
    {
        using var app = new ConsoleFactory();
        var auditor = app.Api(DemoUsers.AuditorErin);

        await auditor.GetAsync("/api/v1/audit?actor=jane.doe%40example.com&target=contact%3Ajane");
        var export = await (await auditor.GetAsync("/api/v1/audit/export?format=json")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("jane", export, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("actor,target", export, StringComparison.Ordinal);
    }

    private static void Execute(ConsoleFactory app, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string ReadHash(ConsoleFactory app, long sequence)
    {
        using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Hash FROM AuditEntries WHERE Sequence = {sequence}";
        return (string)command.ExecuteScalar()!;
    }
}
