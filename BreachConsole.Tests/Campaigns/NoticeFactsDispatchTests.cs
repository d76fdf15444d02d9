using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BreachConsole.Core.Campaigns;
using BreachConsole.Core.Genesys;
using BreachConsole.Core.Persistence;
using BreachConsole.Sandbox;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BreachConsole.Tests.Campaigns.CampaignRig;

namespace BreachConsole.Tests.Campaigns;

/// <summary>
/// The notice facts reach the customer: dispatch prints the incident's description and breach period (it printed the title
/// twice and no dates), preflight warns the approver of facts the templates print but the incident leaves empty, a change
/// voids a submission made on the old facts, and no change is accepted while a campaign sends.
/// </summary>
public sealed class NoticeFactsDispatchTests : IDisposable
{
    private const string Description = "An outside party copied files from our payroll server";

    private sealed class Factory : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Dispatch:Enabled"] = "false",
            ["Genesys:RequestsPerMinute"] = "60000",
            ["Genesys:Sandbox:RequestsPerMinute"] = "60000",
            ["Genesys:Sandbox:MessagesPerMinute"] = "60000",
        };
    }

    private readonly Factory _factory = new();
    private HttpClient _carol = null!;
    private HttpClient _dave = null!;

    private async Task StartAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        await SeedTemplatesAsync(_factory);
        _carol = Client(DemoUsers.OpsCarol);
        _dave = Client(DemoUsers.OpsDave);
    }

    /// <summary>An incident with the given notice facts (null: not entered) and one contact, an email unless <paramref name="row"/> says otherwise.</summary>
    private async Task<Guid> IncidentAsync(string? description = null, string? breachStart = null, string? breachEnd = null, string? row = null)
    {
        var response = await _carol.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Payroll files copied",
            awareAt = "2026-11-01T10:00:00Z",
            jurisdictions = new[] { "EU", "US-CA" },
            dataElements = new[] { "Name", "Email" },
            description,
            breachStart,
            breachEnd,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var incident = (await response.JsonAsync()).GetProperty("id").GetGuid();
        await ImportAsync(_carol, incident, row ?? Row("NF-1", channel: "Email", email: "nf-1@example.com"));
        return incident;
    }

    /// <summary>Launches and drives the dispatcher until the email is uploaded; answers the body Genesys received.</summary>
    private async Task<string> SentEmailBodyAsync(Guid campaign)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await LaunchAsync(_dave, campaign, "facts-" + campaign)).StatusCode);
        var dispatcher = _factory.Services.GetRequiredService<CampaignDispatcher>();
        var contexts = _factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>();
        for (var i = 0; i < 20; i++)
        {
            await dispatcher.TickAsync(CancellationToken.None);
            await dispatcher.DrainAsync();
            await using var db = await contexts.CreateDbContextAsync();
            if (await db.Set<OutboxItem>().AnyAsync(x => x.CampaignId == campaign && x.State == OutboxItemState.Uploaded))
            {
                break;
            }
        }

        await using var sandbox = await _factory.Services.GetRequiredService<IDbContextFactory<SandboxDbContext>>().CreateDbContextAsync();
        var contact = await sandbox.Contacts.AsNoTracking().SingleAsync();
        using var data = JsonDocument.Parse(contact.DataJson);
        return data.RootElement.GetProperty(GenesysClient.EmailBodyColumn).GetString()!;
    }

    [Fact]
    public async Task Dispatch_IncidentWithDescriptionAndPeriod_TheEmailPrintsThem_AndTheyCannotChangeWhileItSends()
    {
        await StartAsync();
        var incident = await IncidentAsync(Description, "2026-10-20T00:00:00Z", "2026-10-25T00:00:00Z");
        var campaign = await CreateCampaignAsync(_carol, incident);
        await ApproveAsync(_carol, _dave, campaign);
        var preflight = (await (await _carol.GetAsync($"/api/v1/campaigns/{campaign}")).JsonAsync()).GetProperty("preflight");
        Assert.Empty(preflight.GetProperty("warnings").EnumerateArray());

        var body = await SentEmailBodyAsync(campaign);

        // Cal. Civ. Code §1798.82(d)(2)(C) and (E): what happened and when, as entered.
        Assert.Contains(Description, body, StringComparison.Ordinal);
        Assert.Contains("It took place between October 20, 2026 and October 25, 2026.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Payroll files copied", body, StringComparison.Ordinal);
        var change = await _carol.PutAsJsonAsync($"/api/v1/incidents/{incident}/notice-facts", new { description = "Something else" });
        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
    }

    [Fact]
    public async Task Dispatch_IncidentWithoutFacts_ReadyWithWarnings_PrintsTheTitleAndNoEmptyPeriod()
    {
        await StartAsync();
        var incident = await IncidentAsync();
        var campaign = await CreateCampaignAsync(_carol, incident);

        var preflight = await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");

        // An incident opened through the contract's create (no facts) still sends: the approver is told what prints instead.
        Assert.True(preflight.GetProperty("ready").GetBoolean());
        var warnings = preflight.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("incident.description", StringComparison.Ordinal) && w.Contains("title", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("incident.breach_start", StringComparison.Ordinal));
        await ApproveAsync(_carol, _dave, campaign);
        var body = await SentEmailBodyAsync(campaign);
        Assert.Contains("Payroll files copied", body, StringComparison.Ordinal);
        Assert.DoesNotContain("took place", body, StringComparison.Ordinal);
        Assert.Contains("We discovered it on November 01, 2026.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_FactsChangedAfterSubmission_TheSubmissionIsVoided()
    {
        await StartAsync();
        var incident = await IncidentAsync(Description);
        var campaign = await CreateCampaignAsync(_carol, incident);
        await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");
        await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/submit");

        var changed = await Client(DemoUsers.LegalAlice).PutAsJsonAsync($"/api/v1/incidents/{incident}/notice-facts",
            new { description = Description + ", and a backup drive." });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        // Dave would approve a text other than the one carol's preflight showed: refused, and the campaign says why.
        var approve = await _dave.PostAsync($"/api/v1/campaigns/{campaign}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        var view = await (await _dave.GetAsync($"/api/v1/campaigns/{campaign}")).JsonAsync();
        Assert.True(view.GetProperty("approvalVoided").GetBoolean());
        Assert.Equal("Draft", view.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Preflight_VoiceScriptOverTheTextToSpeechLimitWithThisDescription_NotReadyNamingTheSetting()
    {
        // The approved voice script passed the lint with the sample's one-line description; this incident's is 1,500 characters.
        await StartAsync();
        var incident = await IncidentAsync(string.Join(" ", Enumerable.Repeat("An outside party copied files from our payroll server.", 28)),
            row: Row("NF-V", channel: "Voice"));
        var campaign = await CreateCampaignAsync(_carol, incident);

        var preflight = await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");

        Assert.False(preflight.GetProperty("ready").GetBoolean());
        var finding = Assert.Single(preflight.GetProperty("templateFindings").EnumerateArray());
        Assert.Equal("voice-length", finding.GetProperty("rule").GetString());
        Assert.Contains("Templates:VoiceMaxCharacters", finding.GetProperty("message").GetString(), StringComparison.Ordinal);

        // A description of a sensible length makes it ready.
        Assert.Equal(HttpStatusCode.OK, (await _carol.PutAsJsonAsync($"/api/v1/incidents/{incident}/notice-facts", new { description = Description })).StatusCode);
        Assert.True((await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight")).GetProperty("ready").GetBoolean());
    }

    private HttpClient Client(string user)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Dev-User", user);
        return client;
    }

    public void Dispose() => _factory.Dispose();
}
