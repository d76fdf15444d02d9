using System.Net;
using System.Net.Http.Json;
using BreachConsole.Tests.Infrastructure;

namespace BreachConsole.Tests.Web;

/// <summary>
/// Finding a contact by the customer id a person typed: the id is tokenized and matched, the answer carries only the
/// token and masked addresses, and the id never reaches a log, the audit trail or a URL.
/// </summary>
public sealed class ContactFindTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Find_ByCustomerId_MatchesThroughTheTokenAndNeverKeepsTheId()
    {
        var ops = factory.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        var customerId = $"CUST-FIND-{Guid.NewGuid():N}"[..22];
        var imported = await ContactsApi.PostCsvAsync(ops, incident,
            $"{ContactsApi.Header}\n{ContactsApi.Row(customerId, email: "finder@example.com")}\n{ContactsApi.Row("OTHER-1")}\n");
        imported.EnsureSuccessStatusCode();

        // Found, typed with stray spaces (the token trims like import does); the answer is the token and masked data.
        var found = await factory.Api(DemoUsers.AuditorErin).PostAsJsonAsync($"/api/v1/incidents/{incident}/contacts/find",
            new { customerId = $"  {customerId} " });
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var body = await found.Content.ReadAsStringAsync();
        var json = await found.JsonAsync();
        var token = json.GetProperty("contactId").GetString();
        Assert.Equal(43, token?.Length);
        Assert.DoesNotContain(customerId, body, StringComparison.Ordinal);
        Assert.DoesNotContain("finder@example.com", body, StringComparison.Ordinal);

        // The same token the list shows for that contact.
        var list = await (await ops.GetAsync($"/api/v1/incidents/{incident}/contacts")).JsonAsync();
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("contactId").GetString() == token);

        // Another incident's contact, or an unknown id: 404. An empty id: 400.
        var other = await ContactsApi.CreateIncidentAsync(ops);
        Assert.Equal(HttpStatusCode.NotFound,
            (await ops.PostAsJsonAsync($"/api/v1/incidents/{other}/contacts/find", new { customerId })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await ops.PostAsJsonAsync($"/api/v1/incidents/{incident}/contacts/find", new { customerId = "NO-SUCH-CUSTOMER" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await ops.PostAsJsonAsync($"/api/v1/incidents/{incident}/contacts/find", new { customerId = " " })).StatusCode);

        // Legal may not look customers up.
        Assert.Equal(HttpStatusCode.Forbidden,
            (await factory.Api(DemoUsers.LegalAlice).PostAsJsonAsync($"/api/v1/incidents/{incident}/contacts/find", new { customerId })).StatusCode);

        // The typed id is nowhere: not in a log line, not in the audit trail.
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains(customerId, StringComparison.Ordinal));
        var audit = await factory.Api(DemoUsers.AuditorErin).GetStringAsync("/api/v1/audit/export?format=json");
        Assert.DoesNotContain(customerId, audit, StringComparison.Ordinal);
    }
}
