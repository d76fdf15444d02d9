using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace BreachConsole.Tests.Evidence;

/// <summary>The evidence pack of an incident, as the API hands it out.</summary>
public sealed class EvidencePackTests
{
    [Fact]
    public async Task EvidencePack_Incident_HoldsSummaryIncidentAndItsAuditEntries()
    {
        // Aware 2026-11-01 10:00; the EU authority's 72 hours ran out on 11-04, six days before "now".
        using var app = new ConsoleFactory { Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.Zero)) };
        var created = await (await app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident("jira:SEC-9"))).JsonAsync();
        var id = created.GetProperty("id").GetGuid();

        var response = await app.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/incidents/{id}/evidence");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["audit.csv", "campaign-contacts.csv", "campaign-templates.csv", "campaigns.csv", "contacts.csv", "deadlines.csv", "delays.csv", "incident.csv", "summary.html"], zip.Entries.Select(e => e.FullName).Order());
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

    private static async Task<string> ReadAsync(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open(), Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
