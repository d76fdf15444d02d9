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
    public async Task Verify_EntryEditedWithRecomputedHash_IsCaughtAtTheNextLink()
    {
        using var app = new ConsoleFactory();
        await CreateIncidentsAsync(app, 5);
        var trail = Trail(app);

        // A smarter attacker also recomputes the edited entry's own hash: the next entry's link no longer matches.
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
        Assert.Equal(3, result.FirstInvalidSequence);
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
