using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Audit;

/// <summary>The chain over a real SQLite file. Tampering tests get their own database each.</summary>
public sealed class AuditTrailTests
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

    [Fact]
    public async Task CreateIncident_RacingSameExternalRef_OneCreatedOthersConflictNever500()
    {
        using var app = new ConsoleFactory();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident("pagerduty:PRACE"))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, (await Trail(app).HeadAsync()).Sequence);
    }

    [Fact]
    public async Task Export_CellsThatLookLikeFormulas_AreNeutralized()
    {
        using var app = new ConsoleFactory();
        await Trail(app).RecordAsync(new AuditRecord("ops.carol", "Operations", "test.formula", "=HYPERLINK(\"http://evil\")",
            Details: new Dictionary<string, string> { ["note"] = "+1" }));

        var csv = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit/export?format=csv&action=test.formula")).Content.ReadAsStringAsync();

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sequence,at,actor,role,action,target,outcome,details,correlationId,previousHash,hash", lines[0]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Json_IsTheWholeFilteredLogInSequenceOrder()
    {
        using var app = new ConsoleFactory();
        await CreateIncidentsAsync(app, 3);

        var json = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit/export?format=json&action=incident.create")).JsonAsync();

        Assert.Equal([1L, 2L, 3L], json.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal("ops.carol", json[0].GetProperty("actor").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Object, json[0].GetProperty("details").ValueKind);
    }

    [Fact]
    public async Task Export_UnknownFormat_Returns400()
    {
        using var app = new ConsoleFactory();

        var response = await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit/export?format=xlsx");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Query_FiltersByActorActionAndDate_AndRecordsTheRead()
    {
        using var app = new ConsoleFactory();
        await CreateIncidentsAsync(app, 2);
        await app.Api(DemoUsers.OpsDave).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());
        var auditor = app.Api(DemoUsers.AuditorErin);

        var page = await (await auditor.GetAsync("/api/v1/audit?actor=ops.dave&action=incident.create&from=2020-01-01T00:00:00Z")).JsonAsync();
        var none = await (await auditor.GetAsync("/api/v1/audit?actor=ops.dave&to=2020-01-01T00:00:00Z")).JsonAsync();
        var reads = await (await auditor.GetAsync("/api/v1/audit?action=audit.read")).JsonAsync();

        Assert.Equal(1, page.GetProperty("total").GetInt32());
        var item = page.GetProperty("items")[0];
        Assert.Equal("Operations", item.GetProperty("role").GetString());
        Assert.Equal("Success", item.GetProperty("outcome").GetString());
        Assert.StartsWith("incident:", item.GetProperty("target").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        Assert.True(reads.GetProperty("total").GetInt32() >= 2, "each read of the audit log is itself recorded");
    }

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

    [Fact]
    public async Task Query_ToBeforeFrom_Returns400()
    {
        using var app = new ConsoleFactory();

        var response = await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task DeniedAttempt_WrongRole_IsRecordedAsDenied()
    {
        using var app = new ConsoleFactory();

        var refused = await app.Api(DemoUsers.LegalAlice).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());
        await app.Api(DemoUsers.OpsCarol).GetAsync("/api/v1/audit");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var denied = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit?outcome=Denied")).JsonAsync();
        var entries = denied.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("actor").GetString() == "legal.alice"
            && e.GetProperty("target").GetString() == "POST /api/v1/incidents" && e.GetProperty("action").GetString() == "auth.denied");
        Assert.Contains(entries, e => e.GetProperty("actor").GetString() == "ops.carol" && e.GetProperty("target").GetString() == "GET /api/v1/audit");
    }

    [Fact]
    public async Task Entries_FromHttpRequests_CarryTheRequestsTraceId()
    {
        using var app = new ConsoleFactory();
        var refused = await app.Api(DemoUsers.LegalAlice).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());
        var traceId = (await refused.JsonAsync()).GetProperty("traceId").GetString();
        await app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());

        var entries = (await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

        var denied = entries.Single(e => e.GetProperty("action").GetString() == "auth.denied");
        Assert.False(string.IsNullOrEmpty(traceId));
        Assert.Equal(traceId, denied.GetProperty("correlationId").GetString());
        var create = entries.Single(e => e.GetProperty("action").GetString() == "incident.create");
        Assert.False(string.IsNullOrEmpty(create.GetProperty("correlationId").GetString()));
        Assert.NotEqual(traceId, create.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task SignInAndOut_AreRecorded()
    {
        using var app = new ConsoleFactory();
        var browser = await app.BrowserAsync(DemoUsers.LegalBob);
        var token = await ConsoleFactory.AntiforgeryTokenAsync(browser);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/account/logout", form)).StatusCode);

        var entries = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit?actor=legal.bob")).JsonAsync();

        var actions = entries.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["auth.sign-out", "auth.sign-in"], actions);
    }

    [Fact]
    public async Task EvidencePack_Incident_HoldsSummaryIncidentAndItsAuditEntries()
    {
        using var app = new ConsoleFactory();
        var created = await (await app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident("jira:SEC-9"))).JsonAsync();
        var id = created.GetProperty("id").GetGuid();

        var response = await app.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/incidents/{id}/evidence");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["audit.csv", "contacts.csv", "deadlines.csv", "delays.csv", "incident.csv", "summary.html"], zip.Entries.Select(e => e.FullName).Order());
        var audit = await ReadAsync(zip, "audit.csv");
        Assert.Contains("incident.create", audit, StringComparison.Ordinal);
        Assert.Contains($"incident:{id}", audit, StringComparison.Ordinal);
        var deadlines = await ReadAsync(zip, "deadlines.csv");
        Assert.StartsWith("jurisdiction,audience,dueAt,status,delayReason,rule,rulesReviewedOn", deadlines, StringComparison.Ordinal);
        Assert.Contains("EU,Authority,2026-11-04T10:00:00Z,Passed", deadlines, StringComparison.Ordinal);
        var summary = await ReadAsync(zip, "summary.html");
        Assert.Contains("Customer database exposed", summary, StringComparison.Ordinal);
        Assert.Contains("Audit chain head at generation", summary, StringComparison.Ordinal);

        var exported = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit?action=evidence.export")).JsonAsync();
        Assert.Equal(1, exported.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task EvidencePack_UnknownIncident_Returns404()
    {
        using var app = new ConsoleFactory();

        var response = await app.Api(DemoUsers.OpsCarol).GetAsync($"/api/v1/incidents/{Guid.NewGuid()}/evidence");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>A wall clock that can step backwards, which FakeTimeProvider refuses to model.</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private static AuditTrail Trail(ConsoleFactory app) => app.Services.GetRequiredService<AuditTrail>();

    private static async Task CreateIncidentsAsync(ConsoleFactory app, int count)
    {
        var ops = app.Api(DemoUsers.OpsCarol);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await ops.PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident())).StatusCode);
        }
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

    private static async Task<string> ReadAsync(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open(), Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
