using System.Net;
using System.Net.Http.Json;
using BreachConsole.Core.Campaigns;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BreachConsole.Tests.Campaigns.CampaignRig;

namespace BreachConsole.Tests.Campaigns;

/// <summary>
/// HIPAA, 45 CFR §164.404(d)(1)(i): email only with the individual's agreement to electronic notice. An agreement withdrawn
/// after launch is honoured when the batch is sent (the dispatcher re-reads preferences), and the contact is listed for postal notice.
/// </summary>
public sealed class HipaaSendTimeConsentTests : IDisposable
{
    private sealed class Factory : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Dispatch:Enabled"] = "false",
            ["Dispatch:MaxConcurrentBatches"] = "1",
            ["Genesys:BatchSize"] = "1",
            ["Genesys:RequestsPerMinute"] = "60000",
            ["Genesys:Sandbox:RequestsPerMinute"] = "60000",
        };
    }

    private readonly Factory _factory = new();

    public void Dispose() => _factory.Dispose();

    private HttpClient Client(string user)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Dev-User", user);
        return client;
    }

    [Fact]
    public async Task Batch_ConsentWithdrawnAfterLaunch_IsNotEmailedAndIsListedForPostalNotice()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        HttpClient carol = Client(DemoUsers.OpsCarol), dave = Client(DemoUsers.OpsDave), alice = Client(DemoUsers.LegalAlice);
        var body = TemplateDemoSeed.Set.Single(t => t.Channel == Channel.Email && t.Locale == "en-US").Body;
        var created = await alice.PostAsJsonAsync("/api/v1/templates",
            new { name = "Health notice", channel = "Email", locale = "en-US", jurisdictions = new[] { "US-HIPAA" }, subject = "Notice of Data Breach", body });
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/v1/templates/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client(DemoUsers.LegalBob).PostAsJsonAsync($"/api/v1/templates/{id}/approve", new { })).StatusCode);
        var response = await carol.PostAsJsonAsync("/api/v1/incidents",
            new { title = "Clinic records", awareAt = "2026-11-01T10:00:00Z", jurisdictions = new[] { "US-HIPAA" }, dataElements = new[] { "Name", "HealthRecord" } });
        var incident = (await response.JsonAsync()).GetProperty("id").GetGuid();
        var csv = $"{ContactsApi.Header},electronicNoticeConsent\n" +
                  $"{ContactsApi.Row("W-1", channel: "Email")},true\n{ContactsApi.Row("W-2", channel: "Email")},true\n{ContactsApi.Row("W-3", channel: "Email")},true\n";
        (await ContactsApi.PostCsvAsync(carol, incident, csv)).EnsureSuccessStatusCode();
        var campaign = await CreateCampaignAsync(carol, incident, template: "Health notice");
        await ApproveAsync(carol, dave, campaign);
        Assert.Equal(HttpStatusCode.Accepted, (await LaunchAsync(dave, campaign, "go")).StatusCode);
        var dispatcher = _factory.Services.GetRequiredService<CampaignDispatcher>();

        await dispatcher.TickAsync(CancellationToken.None);
        await dispatcher.DrainAsync();
        (await carol.PutAsJsonAsync("/api/v1/preferences",
            new { customerId = "W-3", optOutMarketing = false, optOutServiceAlerts = false, electronicNoticeConsent = false })).EnsureSuccessStatusCode();
        for (var i = 0; i < 6; i++)
        {
            await dispatcher.TickAsync(CancellationToken.None);
            await dispatcher.DrainAsync();
        }

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        var items = await db.Set<OutboxItem>().Where(i => i.CampaignId == campaign).OrderBy(i => i.ContactId).ToListAsync();
        Assert.All(items.Take(2), i => Assert.Contains(i.State, new[] { OutboxItemState.Uploaded, OutboxItemState.Delivered }));
        Assert.Equal(OutboxItemState.Suppressed, items[2].State);
        Assert.Equal(ExceptionReasons.NoElectronicConsent, items[2].Reason);
        var exceptions = await (await carol.GetAsync($"/api/v1/campaigns/{campaign}/exceptions?format=csv")).Content.ReadAsStringAsync();
        Assert.Contains(ExceptionReasons.NoElectronicConsent, exceptions, StringComparison.Ordinal);
    }
}
