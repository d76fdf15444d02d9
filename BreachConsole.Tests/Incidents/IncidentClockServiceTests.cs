using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BreachConsole.Core.Common;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Persistence;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Incidents;

/// <summary>The clock's inputs through the API and Core: counts, delays, delay reasons and the individual notice.</summary>
public sealed class IncidentClockServiceTests
{
    private static readonly Actor Operations = new(DemoUsers.OpsCarol, [Roles.Operations]);

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static async Task<Guid> CreateAsync(ConsoleFactory app, params string[] jurisdictions)
    {
        var response = await app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Records exposed",
            awareAt = "2026-11-01T10:00:00Z",
            jurisdictions,
            dataElements = new[] { "Name", "SSN" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private static JsonElement Deadline(JsonElement incident, string ruleId) =>
        incident.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("ruleId").GetString() == ruleId);

    private static bool HasRule(JsonElement incident, string ruleId) =>
        incident.GetProperty("deadlines").EnumerateArray().Any(d => d.GetProperty("ruleId").GetString() == ruleId);

    [Fact]
    public async Task PutAffected_BelowAndAboveTheThreshold_DropsOrKeepsTheAttorneyGeneral()
    {
        using var app = new ConsoleFactory();
        var id = await CreateAsync(app, "US-CA");
        var legal = app.Api(DemoUsers.LegalAlice);

        var below = await (await legal.PutAsJsonAsync($"/api/v1/incidents/{id}/affected", new { counts = new Dictionary<string, int> { ["US-CA"] = 500 } })).JsonAsync();
        var above = await (await legal.PutAsJsonAsync($"/api/v1/incidents/{id}/affected", new { counts = new Dictionary<string, int> { ["US-CA"] = 501 } })).JsonAsync();

        Assert.False(HasRule(below, "US-CA-authority"));
        Assert.True(Deadline(above, "US-CA-authority").GetProperty("thresholdMet").GetBoolean());
        var audit = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit?action=incident.affected-counts")).JsonAsync();
        Assert.Equal(2, audit.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task PutAffected_BadKeyOrNegative_Returns400()
    {
        using var app = new ConsoleFactory();
        var id = await CreateAsync(app, "US-CA");

        var response = await app.Api(DemoUsers.OpsCarol).PutAsJsonAsync($"/api/v1/incidents/{id}/affected",
            new { counts = new Dictionary<string, int> { ["California"] = 3, ["US-CA"] = -1 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PostDelay_LawEnforcement_ShiftsTheDeadlineAndIsAudited()
    {
        using var app = new ConsoleFactory();
        var id = await CreateAsync(app, "US-CA");
        var before = await (await app.Api(DemoUsers.LegalAlice).GetAsync($"/api/v1/incidents/{id}")).JsonAsync();

        var after = await (await app.Api(DemoUsers.LegalAlice).PostAsJsonAsync($"/api/v1/incidents/{id}/delays", new
        {
            kind = "LawEnforcement",
            requestedBy = "FBI Los Angeles field office",
            from = "2026-11-02T00:00:00Z",
            to = "2026-11-12T00:00:00Z",
        })).JsonAsync();

        Assert.Equal(Deadline(before, "US-CA-individuals").GetProperty("dueAt").GetDateTimeOffset().AddDays(10),
            Deadline(after, "US-CA-individuals").GetProperty("dueAt").GetDateTimeOffset());
        var audit = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit?action=incident.delay")).JsonAsync();
        Assert.Equal("FBI Los Angeles field office", audit.GetProperty("items")[0].GetProperty("details").GetProperty("requestedBy").GetString());
    }

    [Fact]
    public async Task PostDelay_LawEnforcementWithoutRequester_Returns400()
    {
        using var app = new ConsoleFactory();
        var id = await CreateAsync(app, "US-CA");

        var response = await app.Api(DemoUsers.LegalAlice).PostAsJsonAsync($"/api/v1/incidents/{id}/delays",
            new { kind = "LawEnforcement", from = "2026-11-02T00:00:00Z", to = "2026-11-01T00:00:00Z" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PostDelay_FloridaExtension_Adds15DaysOnceAndOnlyForFlorida()
    {
        using var app = new ConsoleFactory();
        var florida = await CreateAsync(app, "US-FL");
        var california = await CreateAsync(app, "US-CA");
        var legal = app.Api(DemoUsers.LegalAlice);
        var extension = new { kind = "FloridaExtension", reason = "Forensic review of the affected systems is not complete." };

        var extended = await (await legal.PostAsJsonAsync($"/api/v1/incidents/{florida}/delays", extension)).JsonAsync();
        var again = await legal.PostAsJsonAsync($"/api/v1/incidents/{florida}/delays", extension);
        var elsewhere = await legal.PostAsJsonAsync($"/api/v1/incidents/{california}/delays", extension);

        Assert.Equal(Utc("2026-12-16T10:00:00Z"), Deadline(extended, "US-FL-individuals").GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, elsewhere.StatusCode);
    }

    [Fact]
    public async Task PostDelay_Auditor_Returns403()
    {
        using var app = new ConsoleFactory();
        var id = await CreateAsync(app, "US-FL");

        var response = await app.Api(DemoUsers.AuditorErin).PostAsJsonAsync($"/api/v1/incidents/{id}/delays", new { kind = "FloridaExtension", reason = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task MarkIndividualNoticeSent_Late_ReportsLateThenTakesADelayReason()
    {
        using var app = new ConsoleFactory();
        var id = await CreateAsync(app, "US-CA");
        var incidents = app.Services.GetRequiredService<IncidentService>();
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync())
        {
            await incidents.MarkIndividualNoticeSentAsync(db, id, Utc("2026-12-15T12:00:00Z"), Operations);
            await incidents.MarkIndividualNoticeSentAsync(db, id, Utc("2026-12-20T12:00:00Z"), Operations);
            await db.SaveChangesAsync();
        }

        var incident = await incidents.GetAsync(Operations, id);
        var individuals = incident.Deadlines.Single(d => d.RuleId == "US-CA-individuals");
        Assert.Equal(Utc("2026-12-15T12:00:00Z"), incident.IndividualNoticeAt);
        Assert.Equal(DeadlineStatus.Late, individuals.Status);
        Assert.Equal(Utc("2026-12-30T12:00:00Z"), incident.Deadlines.Single(d => d.RuleId == "US-CA-authority").DueAt);

        var withReason = await (await app.Api(DemoUsers.OpsCarol).PostAsJsonAsync($"/api/v1/incidents/{id}/deadlines/delay-reason",
            new { ruleId = "US-CA-individuals", reason = "The affected population was identified only on 10 December." })).JsonAsync();

        Assert.Equal("The affected population was identified only on 10 December.", Deadline(withReason, "US-CA-individuals").GetProperty("delayReason").GetString());
        var audit = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit?action=incident.individual-notice")).JsonAsync();
        Assert.Equal(1, audit.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task PostDelayReason_DeadlineStillOpen_Returns409()
    {
        using var app = new ConsoleFactory { Time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Utc("2026-11-02T00:00:00Z")) };
        var id = await CreateAsync(app, "US-CA");

        var response = await app.Api(DemoUsers.OpsCarol).PostAsJsonAsync($"/api/v1/incidents/{id}/deadlines/delay-reason",
            new { ruleId = "US-CA-individuals", reason = "Too early" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task EvidencePack_WithADelay_ListsItInDelaysCsvAndTheSummary()
    {
        using var app = new ConsoleFactory();
        var id = await CreateAsync(app, "US-FL");
        await app.Api(DemoUsers.LegalAlice).PostAsJsonAsync($"/api/v1/incidents/{id}/delays",
            new { kind = "FloridaExtension", reason = "Forensic review of the affected systems is not complete." });

        var response = await app.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/incidents/{id}/evidence");

        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        using var reader = new StreamReader(zip.GetEntry("delays.csv")!.Open());
        var delays = await reader.ReadToEndAsync();
        Assert.Contains("FloridaExtension", delays, StringComparison.Ordinal);
        Assert.Contains("Forensic review", delays, StringComparison.Ordinal);
    }
}
