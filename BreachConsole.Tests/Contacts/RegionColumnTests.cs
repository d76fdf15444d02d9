using System.Net;
using System.Net.Http.Json;
using System.Text;
using BreachConsole.Core.Contacts;
using BreachConsole.Tests.Infrastructure;

namespace BreachConsole.Tests.Contacts;

/// <summary>The CSV's optional <c>region</c> column (ISO 3166-2) and the affected counts the regulatory clock derives from it.</summary>
public sealed class RegionColumnTests
{
    private static Func<string, string?> Row(string country, string? region)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["customerId"] = "C-1", ["firstName"] = "Jane", ["lastName"] = "Doe", ["email"] = "jane@example.com",
            // A number valid wherever the row says the person lives: libphonenumber places it in the row's country.
            ["phone"] = country == "PR" ? "+1 787 234 5678" : "(202) 555-0143", ["country"] = country, ["preferredLanguage"] = "en-us", ["preferredChannel"] = "email",
            ["region"] = region,
        };
        return c => values.GetValueOrDefault(c);
    }

    [Theory]
    [InlineData("US", "us-ca", "US-CA")]
    [InlineData("US", "US-NY", "US-NY")]
    [InlineData("PR", "US-PR", "US-PR")]
    [InlineData("DE", "DE-BY", "DE-BY")]
    [InlineData("US", "", null)]
    [InlineData("US", null, null)]
    public void Validate_Region_NormalizedOrEmpty(string country, string? region, string? expected)
    {
        var problems = ContactCsv.Validate(Row(country, region), out var row);

        Assert.Empty(problems);
        Assert.Equal(expected, row!.Region);
    }

    [Theory]
    [InlineData("US", "California")]
    [InlineData("US", "US-XX")]
    [InlineData("US", "CA-ON")]
    [InlineData("US", "USCA")]
    public void Validate_BadRegion_NamesTheColumnNotTheValue(string country, string region)
    {
        var problems = ContactCsv.Validate(Row(country, region), out var row);

        Assert.Null(row);
        var problem = Assert.Single(problems);
        Assert.Equal("region", problem.Column);
        Assert.DoesNotContain(region, problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_WithRegions_DerivesCountsAndTheClockAppliesTheThreshold()
    {
        using var app = new ConsoleFactory();
        var ops = app.Api(DemoUsers.OpsCarol);
        var created = await (await ops.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Regional exposure",
            awareAt = "2026-11-01T10:00:00Z",
            jurisdictions = new[] { "US-TX", "US-CA" },
            dataElements = new[] { "Name" },
        })).JsonAsync();
        var id = created.GetProperty("id").GetGuid();
        var csv = new StringBuilder(ContactsApi.Header).Append(",region\n");
        for (var i = 0; i < 3; i++)
        {
            csv.Append(ContactsApi.Row($"T-{i}")).Append(",US-TX\n");
        }

        csv.Append(ContactsApi.Row("C-1")).Append(",US-CA\n");

        var import = await ContactsApi.PostCsvAsync(ops, id, csv.ToString());
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Equal(4, (await import.JsonAsync()).GetProperty("accepted").GetInt32());

        var incident = await (await ops.GetAsync($"/api/v1/incidents/{id}")).JsonAsync();
        var affected = incident.GetProperty("affected").EnumerateArray().ToDictionary(a => a.GetProperty("jurisdiction").GetString()!, a => a.GetProperty("count").GetInt32());
        Assert.Equal(3, affected["US-TX"]);
        Assert.Equal(1, affected["US-CA"]);
        // Texas AG needs 250 or more; 3 Texans derived from contacts: the rule does not apply.
        Assert.DoesNotContain(incident.GetProperty("deadlines").EnumerateArray(), d => d.GetProperty("ruleId").GetString() == "US-TX-authority");

        // An entered count overrides the derived one.
        var entered = await (await ops.PutAsJsonAsync($"/api/v1/incidents/{id}/affected", new { counts = new Dictionary<string, int> { ["US-TX"] = 250 } })).JsonAsync();
        Assert.Contains(entered.GetProperty("deadlines").EnumerateArray(), d => d.GetProperty("ruleId").GetString() == "US-TX-authority");
    }
}
