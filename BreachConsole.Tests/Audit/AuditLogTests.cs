using System.Net;
using System.Net.Http.Json;
using BreachConsole.Core.Audit;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static BreachConsole.Tests.Infrastructure.AuditTestKit;

namespace BreachConsole.Tests.Audit;

/// <summary>Reading the log: queries, exports and what each door (API, sign-in, refusals) records.</summary>
public sealed class AuditLogTests
{
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

    [Theory]
    [InlineData("csv", AuditExportFormat.Csv)]
    [InlineData("JSON", AuditExportFormat.Json)]
    [InlineData(null, AuditExportFormat.Csv)]
    public async Task Export_Format_IsServedWithCoresContentTypeAndFileName(string? format, AuditExportFormat expected)
    {
        using var app = new ConsoleFactory();

        var response = await app.Api(DemoUsers.AuditorErin).GetAsync(format is null ? "/api/v1/audit/export" : $"/api/v1/audit/export?format={format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected.ContentType(), response.Content.Headers.ContentType?.ToString());
        Assert.Equal(expected.FileName(), response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(expected == AuditExportFormat.Csv ? "audit.csv" : "audit.json", expected.FileName());
    }

    [Fact]
    public void AuditActions_All_IsEveryActionConstantOnceInOrdinalOrder()
    {
        var constants = typeof(AuditActions).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Equal(constants.Order(StringComparer.Ordinal), AuditActions.All);
        Assert.Equal(AuditActions.All.Count, AuditActions.All.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(AuditActions.AccessDenied, AuditActions.All);
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
        using var app = new ConsoleFactory { Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero)) };
        await CreateIncidentsAsync(app, 2);
        await app.Api(DemoUsers.OpsDave).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());
        var auditor = app.Api(DemoUsers.AuditorErin);

        var page = await (await auditor.GetAsync("/api/v1/audit?actor=ops.dave&action=incident.create&from=2026-11-20T12:00:00Z&to=2026-11-20T12:00:00Z")).JsonAsync();
        var none = await (await auditor.GetAsync("/api/v1/audit?actor=ops.dave&to=2026-11-20T11:59:59Z")).JsonAsync();
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
}
