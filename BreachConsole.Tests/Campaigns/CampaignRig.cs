using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Campaigns;

/// <summary>Shared steps of the campaign tests: the demo template set approved, an incident, contacts, a campaign.</summary>
internal static class CampaignRig
{
    public static async Task SeedTemplatesAsync(ConsoleFactory factory)
    {
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        TemplateDemoSeed.Stage(db, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }

    /// <summary>An incident with <paramref name="rows"/> imported (CSV rows without the header).</summary>
    public static async Task<Guid> IncidentWithContactsAsync(HttpClient ops, params string[] rows)
    {
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        await ImportAsync(ops, incident, rows);
        return incident;
    }

    public static async Task ImportAsync(HttpClient ops, Guid incident, params string[] rows)
    {
        var csv = new StringBuilder(ContactsApi.Header + ",optOutMarketing,optOutServiceAlerts\n");
        foreach (var row in rows)
        {
            csv.Append(row).Append('\n');
        }

        var response = await ContactsApi.PostCsvAsync(ops, incident, csv.ToString());
        response.EnsureSuccessStatusCode();
        var summary = await response.JsonAsync();
        Assert.Equal(rows.Length, summary.GetProperty("accepted").GetInt32());
    }

    /// <summary>A CSV row with the two opt-out columns.</summary>
    public static string Row(string id, string channel = "Sms", string language = "en-US", string country = "US", bool marketing = false,
        bool service = false, string? email = null, string phone = "(202) 555-0143") =>
        ContactsApi.Row(id, email: email, phone: phone, country: country, language: language, channel: channel)
        + $",{(marketing ? "true" : "false")},{(service ? "true" : "false")}";

    public static async Task<Guid> CreateCampaignAsync(HttpClient ops, Guid incident, string name = "Wave 1", string template = TemplateDemoSeed.Name)
    {
        var response = await ops.PostAsJsonAsync($"/api/v1/incidents/{incident}/campaigns", new { name, templateName = template });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        var response = await client.PostAsync(path, null);
        Assert.Equal(expected, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>Preflight, submit (carol) and approve (dave).</summary>
    public static async Task ApproveAsync(HttpClient carol, HttpClient dave, Guid campaign)
    {
        await PostAsync(carol, $"/api/v1/campaigns/{campaign}/preflight");
        await PostAsync(carol, $"/api/v1/campaigns/{campaign}/submit");
        await PostAsync(dave, $"/api/v1/campaigns/{campaign}/approve");
    }

    public static async Task<HttpResponseMessage> LaunchAsync(HttpClient client, Guid campaign, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/campaigns/{campaign}/launch");
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request);
    }
}
