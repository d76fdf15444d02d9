using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Persistence;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Incidents;

/// <summary>
/// What a notice says about the breach itself (issue 14): the description (GDPR Art. 34(2), Cal. Civ. Code
/// §1798.82(d)(2)(E)) and the breach period ((d)(2)(C)), entered at creation or later, validated, and audited by hash only.
/// </summary>
public sealed class NoticeFactsTests : IDisposable
{
    private const string Canary = "CANARY-DESCRIPTION-7731 an outside party copied files from our payroll server";
    private readonly ConsoleFactory _app = new();

    private async Task<Guid> CreateAsync(object? facts = null)
    {
        var response = await _app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", facts ?? new
        {
            title = "Payroll files copied",
            awareAt = "2026-11-01T10:00:00Z",
            jurisdictions = new[] { "EU", "US-CA" },
            dataElements = new[] { "Name", "Email" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<List<AuditEntry>> AuditAsync(Guid incident)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Target == $"incident:{incident}").OrderBy(e => e.Sequence).ToListAsync();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task Create_WithDescriptionAndPeriod_ShownOnTheIncidentAndAuditedByHashNeverText()
    {
        var id = await CreateAsync(new
        {
            title = "Payroll files copied",
            awareAt = "2026-11-01T10:00:00Z",
            jurisdictions = new[] { "EU", "US-CA" },
            dataElements = new[] { "Name", "Email" },
            description = "  " + Canary + "  ",
            breachStart = "2026-10-20T00:00:00Z",
            breachEnd = "2026-10-25T00:00:00Z",
        });

        var incident = await (await _app.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/incidents/{id}")).JsonAsync();
        Assert.Equal(Canary, incident.GetProperty("description").GetString());
        Assert.Equal(new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero), incident.GetProperty("breachStart").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero), incident.GetProperty("breachEnd").GetDateTimeOffset());
        var created = Assert.Single(await AuditAsync(id), e => e.Action == AuditActions.IncidentCreated);
        Assert.Contains(Sha256(Canary), created.Details, StringComparison.Ordinal);
        Assert.Contains("2026-10-20T00:00:00Z", created.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY-DESCRIPTION", created.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_ByLegal_ReplacesThenClearsTheFacts_EachChangeAudited()
    {
        var id = await CreateAsync();
        var alice = _app.Api(DemoUsers.LegalAlice);

        var set = await alice.PutAsJsonAsync($"/api/v1/incidents/{id}/notice-facts",
            new { description = Canary, breachStart = "2026-10-20T00:00:00Z", breachEnd = (string?)null });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var answered = await set.JsonAsync();
        Assert.Equal(Canary, answered.GetProperty("description").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, answered.GetProperty("breachEnd").ValueKind);

        var cleared = await (await alice.PutAsJsonAsync($"/api/v1/incidents/{id}/notice-facts", new { description = " ", breachStart = (string?)null })).JsonAsync();

        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("description").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("breachStart").ValueKind);
        var changes = (await AuditAsync(id)).Where(e => e.Action == AuditActions.IncidentNoticeFacts).ToList();
        Assert.Equal(2, changes.Count);
        Assert.Equal(DemoUsers.LegalAlice, changes[0].Actor);
        Assert.Contains(Sha256(Canary), changes[0].Details, StringComparison.Ordinal);
        Assert.All(changes, e => Assert.DoesNotContain("CANARY-DESCRIPTION", e.Details, StringComparison.Ordinal));
    }

    public static TheoryData<string, string> BadFacts => new()
    {
        { """{"breachStart":"2026-10-25T00:00:00Z","breachEnd":"2026-10-20T00:00:00Z"}""", "breachEnd" },
        { """{"breachStart":"2026-11-02T00:00:00Z"}""", "breachStart" },
        { """{"breachStart":"2099-01-01T00:00:00Z"}""", "breachStart" },
        { """{"breachEnd":"2099-01-01T00:00:00Z"}""", "breachEnd" },
        { $$"""{"description":"{{new string('x', 2_001)}}"}""", "description" },
    };

    [Theory]
    [MemberData(nameof(BadFacts))]
    public async Task Put_BadFacts_ProblemDetails400NamingTheField_NothingChanged(string body, string field)
    {
        // A breach cannot start after the organisation knew of it (awareAt 2026-11-01), end before it starts, or lie ahead.
        var id = await CreateAsync();

        var response = await _app.Api(DemoUsers.OpsCarol).PutAsync($"/api/v1/incidents/{id}/notice-facts",
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(await AuditAsync(id), e => e.Action == AuditActions.IncidentNoticeFacts);
    }

    [Fact]
    public async Task Create_BreachStartAfterAwareness_400()
    {
        var response = await _app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Payroll files copied",
            awareAt = "2026-11-01T10:00:00Z",
            jurisdictions = new[] { "EU" },
            dataElements = new[] { "Name" },
            breachStart = "2026-11-05T00:00:00Z",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("breachStart", out _));
    }

    [Fact]
    public async Task Put_UnknownIncident_404()
    {
        var response = await _app.Api(DemoUsers.OpsCarol).PutAsJsonAsync($"/api/v1/incidents/{Guid.NewGuid()}/notice-facts", new { description = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => _app.Dispose();
}
