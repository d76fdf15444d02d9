using System.Net;
using System.Net.Http.Json;
using BreachConsole.Tests.Infrastructure;
using static BreachConsole.Tests.Campaigns.CampaignRig;

namespace BreachConsole.Tests.Campaigns;

/// <summary>Preflight, four-eyes approval, voiding and idempotent launch through the API (dispatch off: nothing is sent).</summary>
public sealed class CampaignEndpointTests : IAsyncLifetime
{
    private sealed class Factory : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Dispatch:Enabled"] = "false" };
    }

    private readonly Factory _factory = new();
    private HttpClient _carol = null!;
    private HttpClient _dave = null!;

    public async Task InitializeAsync()
    {
        _carol = _factory.Api(DemoUsers.OpsCarol);
        _dave = _factory.Api(DemoUsers.OpsDave);
        await SeedTemplatesAsync(_factory);
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Preflight_MixedAudience_CountsEachRuleAndNamesTheGap()
    {
        var incident = await IncidentWithContactsAsync(_carol,
            Row("C-1"),
            Row("C-2", marketing: true),
            Row("C-3", service: true),
            Row("C-4", marketing: true, service: true),
            Row("C-5", language: "es-PR"),
            Row("C-6", channel: "Email", language: "it-IT", country: "IT", phone: ""));
        var campaign = await CreateCampaignAsync(_carol, incident);

        var preflight = await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");

        Assert.False(preflight.GetProperty("ready").GetBoolean());
        Assert.Equal(3, preflight.GetProperty("audience").GetInt32());
        Assert.Equal(3, preflight.GetProperty("byChannel").GetProperty("Sms").GetInt32());
        Assert.Equal(1, preflight.GetProperty("byLocale").GetProperty("es-PR").GetInt32());
        Assert.Equal(2, preflight.GetProperty("suppressed").GetProperty("serviceAlertsOptOut").GetInt32());
        Assert.Equal(0, preflight.GetProperty("blocked").GetProperty("noRoute").GetInt32());
        var gap = Assert.Single(preflight.GetProperty("missingTemplates").EnumerateArray());
        Assert.Equal("Email", gap.GetProperty("channel").GetString());
        Assert.Equal("it-IT", gap.GetProperty("locale").GetString());
        Assert.Equal(1, gap.GetProperty("contacts").GetInt32());

        var submit = await _carol.PostAsync($"/api/v1/campaigns/{campaign}/submit", null);
        Assert.Equal(HttpStatusCode.Conflict, submit.StatusCode);
    }

    [Fact]
    public async Task Submit_WithoutPreflight_IsConflict()
    {
        var campaign = await CreateCampaignAsync(_carol, await IncidentWithContactsAsync(_carol, Row("C-1")));

        var submit = await _carol.PostAsync($"/api/v1/campaigns/{campaign}/submit", null);

        Assert.Equal(HttpStatusCode.Conflict, submit.StatusCode);
    }

    [Fact]
    public async Task Approve_BySubmitter_IsForbiddenAndBySecondOperatorSucceeds()
    {
        var campaign = await CreateCampaignAsync(_carol, await IncidentWithContactsAsync(_carol, Row("C-1")));
        await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");
        await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/submit");

        var own = await _carol.PostAsync($"/api/v1/campaigns/{campaign}/approve", null);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        var legal = await _factory.Api(DemoUsers.LegalAlice).PostAsync($"/api/v1/campaigns/{campaign}/approve", null);
        Assert.Equal(HttpStatusCode.Forbidden, legal.StatusCode);

        var approved = await PostAsync(_dave, $"/api/v1/campaigns/{campaign}/approve");
        Assert.Equal("Approved", approved.GetProperty("state").GetString());
        Assert.Equal(DemoUsers.OpsDave, approved.GetProperty("approvedBy").GetString());
    }

    [Fact]
    public async Task Launch_AfterAnImport_IsConflictAndTheApprovalIsVisiblyVoided()
    {
        var incident = await IncidentWithContactsAsync(_carol, Row("C-1"));
        var campaign = await CreateCampaignAsync(_carol, incident);
        await ApproveAsync(_carol, _dave, campaign);
        await ImportAsync(_carol, incident, Row("C-2"));

        var launch = await LaunchAsync(_dave, campaign, "k1");

        Assert.Equal(HttpStatusCode.Conflict, launch.StatusCode);
        var view = await (await _carol.GetAsync($"/api/v1/campaigns/{campaign}")).JsonAsync();
        Assert.Equal("Draft", view.GetProperty("state").GetString());
        Assert.True(view.GetProperty("approvalVoided").GetBoolean());
        Assert.Contains("imported", view.GetProperty("voidReason").GetString());
    }

    [Fact]
    public async Task Get_AfterAPreferenceChangeThatAltersTheAudience_VoidsTheApproval()
    {
        var campaign = await CreateCampaignAsync(_carol, await IncidentWithContactsAsync(_carol, Row("C-1"), Row("C-2")));
        await ApproveAsync(_carol, _dave, campaign);

        var marketingOnly = await _carol.PutAsJsonAsync("/api/v1/preferences", new { customerId = "C-1", optOutMarketing = true, optOutServiceAlerts = false });
        marketingOnly.EnsureSuccessStatusCode();
        var still = await (await _carol.GetAsync($"/api/v1/campaigns/{campaign}")).JsonAsync();
        Assert.Equal("Approved", still.GetProperty("state").GetString());

        var serviceOptOut = await _carol.PutAsJsonAsync("/api/v1/preferences", new { customerId = "C-1", optOutMarketing = true, optOutServiceAlerts = true });
        serviceOptOut.EnsureSuccessStatusCode();
        var voided = await (await _carol.GetAsync($"/api/v1/campaigns/{campaign}")).JsonAsync();
        Assert.Equal("Draft", voided.GetProperty("state").GetString());
        Assert.Contains("preference", voided.GetProperty("voidReason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await LaunchAsync(_dave, campaign, "k1")).StatusCode);
    }

    [Fact]
    public async Task Launch_AfterANewTemplateVersionWasApproved_IsConflict()
    {
        var campaign = await CreateCampaignAsync(_carol, await IncidentWithContactsAsync(_carol, Row("C-1")));
        await ApproveAsync(_carol, _dave, campaign);
        var alice = _factory.Api(DemoUsers.LegalAlice);
        var bob = _factory.Api(DemoUsers.LegalBob);
        var created = await alice.PostAsJsonAsync("/api/v1/templates", new
        {
            name = Core.Templates.TemplateDemoSeed.Name, channel = "Sms", locale = "pt-BR",
            body = Templates.TemplateTestKit.GoodSms,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        (await alice.PostAsync($"/api/v1/templates/{id}/submit", null)).EnsureSuccessStatusCode();
        (await bob.PostAsync($"/api/v1/templates/{id}/approve", null)).EnsureSuccessStatusCode();

        var launch = await LaunchAsync(_dave, campaign, "k1");

        Assert.Equal(HttpStatusCode.Conflict, launch.StatusCode);
        var view = await (await _carol.GetAsync($"/api/v1/campaigns/{campaign}")).JsonAsync();
        Assert.Contains("template", view.GetProperty("voidReason").GetString());
    }

    [Fact]
    public async Task Launch_IdempotencyKey_RequiredReplayedAndASecondLaunchConflicts()
    {
        var campaign = await CreateCampaignAsync(_carol, await IncidentWithContactsAsync(_carol, Row("C-1"), Row("C-2", service: true)));
        await ApproveAsync(_carol, _dave, campaign);

        var missing = await LaunchAsync(_dave, campaign, null);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var first = await LaunchAsync(_dave, campaign, "launch-1");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync();
        var replay = await LaunchAsync(_carol, campaign, "launch-1");
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync());

        var other = await LaunchAsync(_dave, campaign, "launch-2");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);

        var progress = await (await _factory.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/campaigns/{campaign}/progress")).JsonAsync();
        Assert.Equal("Running", progress.GetProperty("state").GetString());
        Assert.Equal(2, progress.GetProperty("total").GetInt32());
        Assert.Equal(1, progress.GetProperty("suppressed").GetInt32());
    }

    [Fact]
    public async Task Exceptions_SuppressedAndBlocked_ListTokenMaskedAddressAndReasonWithoutPii()
    {
        var incident = await IncidentWithContactsAsync(_carol, Row("C-1"), Row("C-2", service: true, email: "canary.person@example.com"));
        var campaign = await CreateCampaignAsync(_carol, incident);

        var response = await _factory.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/campaigns/{campaign}/exceptions?format=csv");

        response.EnsureSuccessStatusCode();
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("token,maskedPhone,maskedEmail,country,locale,reason", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.EndsWith(",serviceAlertsOptOut", row);
        Assert.DoesNotContain("canary.person", csv);
        Assert.DoesNotContain("C-2", csv);
        Assert.DoesNotContain("555-0143", csv);
    }
}
