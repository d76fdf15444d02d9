using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Infrastructure;
using static BreachConsole.Tests.Campaigns.CampaignRig;

namespace BreachConsole.Tests.Campaigns;

/// <summary>
/// Issue 14, "Coverage": preflight refuses a campaign whose approved template versions were not linted against every
/// jurisdiction of the incident that applies to their channel, and one whose versions fail the rules that the incident's
/// data elements switch on (Cal. Civ. Code §1798.82(d)(2)(F)).
/// </summary>
public sealed class PreflightCoverageTests : IAsyncLifetime
{
    private sealed class Factory : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Dispatch:Enabled"] = "false" };
    }

    private readonly Factory _factory = new();
    private HttpClient _carol = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    public async Task InitializeAsync()
    {
        _carol = _factory.Api(DemoUsers.OpsCarol);
        _alice = _factory.Api(DemoUsers.LegalAlice);
        _bob = _factory.Api(DemoUsers.LegalBob);
        await SeedTemplatesAsync(_factory);
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    private static string DemoEmailBody => TemplateDemoSeed.Set.Single(t => t.Channel == Channel.Email && t.Locale == "en-US").Body;

    /// <summary>An approved English email named <paramref name="name"/>, linted and approved for <paramref name="jurisdictions"/> only.</summary>
    private async Task ApprovedEmailAsync(string name, params string[] jurisdictions)
    {
        var created = await _alice.PostAsJsonAsync("/api/v1/templates",
            new { name, channel = "Email", locale = "en-US", jurisdictions, subject = "Notice of Data Breach", body = DemoEmailBody });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await _alice.PostAsync($"/api/v1/templates/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _bob.PostAsJsonAsync($"/api/v1/templates/{id}/approve", new { })).StatusCode);
    }

    private async Task<Guid> IncidentAsync(string[] jurisdictions, string[] dataElements, params string[] rows)
    {
        var response = await _carol.PostAsJsonAsync("/api/v1/incidents",
            new { title = "Coverage check", awareAt = "2026-11-01T10:00:00Z", jurisdictions, dataElements });
        response.EnsureSuccessStatusCode();
        var incident = (await response.JsonAsync()).GetProperty("id").GetGuid();
        await ImportAsync(_carol, incident, rows);
        return incident;
    }

    private static string EmailRow(string id) => Row(id, channel: "Email", email: $"{id.ToLowerInvariant()}@example.com");

    [Fact]
    public async Task Preflight_EmailApprovedForEuOnly_IncidentAlsoNamesCalifornia_IsRefusedNamingTheGap()
    {
        // Rule: issue 14 "Coverage" — the California pack (Cal. Civ. Code §1798.82) applies to email; this version's approval never ran it.
        await ApprovedEmailAsync("EU-only notice", "EU");
        var incident = await IncidentAsync(["EU", "US-CA"], ["Name", "Email"], EmailRow("C-1"), EmailRow("C-2"));
        var campaign = await CreateCampaignAsync(_carol, incident, template: "EU-only notice");

        var preflight = await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");

        Assert.False(preflight.GetProperty("ready").GetBoolean());
        Assert.Equal(2, preflight.GetProperty("audience").GetInt32());
        var gap = Assert.Single(preflight.GetProperty("uncoveredTemplates").EnumerateArray());
        Assert.Equal("Email", gap.GetProperty("channel").GetString());
        Assert.Equal("en-US", gap.GetProperty("locale").GetString());
        Assert.Equal(["EU"], gap.GetProperty("checkedFor").EnumerateArray().Select(j => j.GetString()));
        Assert.Equal(["US-CA"], gap.GetProperty("missing").EnumerateArray().Select(j => j.GetString()));
        Assert.Contains(preflight.GetProperty("notReady").EnumerateArray(),
            r => r.GetString()!.StartsWith("Email en-US was checked for EU only; the incident also names US-CA", StringComparison.Ordinal));

        var submit = await _carol.PostAsync($"/api/v1/campaigns/{campaign}/submit", null);
        Assert.Equal(HttpStatusCode.Conflict, submit.StatusCode);
        Assert.Contains("the incident also names US-CA", await submit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preflight_EveryApplicableJurisdictionCovered_IsReadyAndSubmits()
    {
        // Rule: issue 14 "Coverage" — US-TX has no content pack, and SMS has none at all: only EU and US-CA must be covered.
        await ApprovedEmailAsync("EU and CA notice", "EU", "US-CA");
        var incident = await IncidentAsync(["EU", "US-CA", "US-TX"], ["Name", "Email"], EmailRow("C-1"));
        var campaign = await CreateCampaignAsync(_carol, incident, template: "EU and CA notice");

        var preflight = await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");

        Assert.True(preflight.GetProperty("ready").GetBoolean(), preflight.GetRawText());
        Assert.Empty(preflight.GetProperty("uncoveredTemplates").EnumerateArray());
        Assert.Empty(preflight.GetProperty("templateFindings").EnumerateArray());
        Assert.Empty(preflight.GetProperty("notReady").EnumerateArray());
        await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/submit");
    }

    [Fact]
    public async Task Preflight_SmsTemplateWithoutJurisdictions_NeedsNoCoverage()
    {
        // Rule: issue 14 "Coverage" applies per channel; the rules file has no SMS pack (notice-law.md: SMS points to the written notice).
        var incident = await IncidentAsync(["EU", "US-CA", "US-HIPAA"], ["Name", "HealthRecord"], Row("C-1"));
        var campaign = await CreateCampaignAsync(_carol, incident);

        var preflight = await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");

        Assert.True(preflight.GetProperty("ready").GetBoolean(), preflight.GetRawText());
        Assert.Equal(1, preflight.GetProperty("byChannel").GetProperty("Sms").GetInt32());
    }

    [Fact]
    public async Task Preflight_SsnExposed_CaliforniaVersionWithoutCreditBureaus_IsRefusedCitingDataElementRule()
    {
        // Rule: Cal. Civ. Code §1798.82(d)(2)(F) — credit bureaus' toll-free numbers and addresses when SSNs were exposed;
        // only a warning at approval (no incident then), an error for this incident's preflight.
        await ApprovedEmailAsync("CA notice", "EU", "US-CA");
        var incident = await IncidentAsync(["US-CA"], ["Name", "SSN"], EmailRow("C-1"));
        var campaign = await CreateCampaignAsync(_carol, incident, template: "CA notice");

        var preflight = await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");

        Assert.False(preflight.GetProperty("ready").GetBoolean());
        Assert.Empty(preflight.GetProperty("uncoveredTemplates").EnumerateArray());
        var finding = Assert.Single(preflight.GetProperty("templateFindings").EnumerateArray(),
            f => f.GetProperty("rule").GetString() == "CA-credit-bureaus");
        Assert.Contains("§1798.82(d)(2)(F)", finding.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Contains(preflight.GetProperty("notReady").EnumerateArray(), r => r.GetString()!.Contains("CA-credit-bureaus", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Preflight_IncidentGainsAJurisdictionAfterSubmission_VoidsTheSubmission()
    {
        // Rule: issue 14 "Coverage" — an approval covers the incident facts coverage read (contract: it covers what it saw).
        await ApprovedEmailAsync("EU notice", "EU");
        var incident = await IncidentAsync(["EU"], ["Name", "Email"], EmailRow("C-1"));
        var campaign = await CreateCampaignAsync(_carol, incident, template: "EU notice");
        await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");
        await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/submit");

        var contexts = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Persistence.BreachConsoleDbContext>>(_factory.Services);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var row = await db.Incidents.FindAsync(incident);
            row!.Jurisdictions = ["EU", "US-CA"];
            await db.SaveChangesAsync();
        }

        var view = await (await _carol.GetAsync($"/api/v1/campaigns/{campaign}")).JsonAsync();
        Assert.Equal("Draft", view.GetProperty("state").GetString());
        var preflight = await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");
        Assert.False(preflight.GetProperty("ready").GetBoolean());
    }
}

/// <summary>The coverage rule itself, on the shipped rules file.</summary>
public sealed class TemplateCoverageTests
{
    private static readonly TemplateCoverage Coverage = new(NoticeRuleBook.LoadEmbedded(), null!, Microsoft.Extensions.Options.Options.Create(new TemplatesOptions()));

    [Fact]
    public void Gap_VersionCheckedForEuOnly_NamesWhatTheIncidentAddsThatAppliesToEmail()
    {
        // Rule: issue 14 "Coverage" ("Email en-US was checked for EU only; the incident also names US-CA").
        var gap = Coverage.Gap(new CoveredVersion(Channel.Email, "en-US", 3, ["EU"], "s", "b"), ["EU", "US-CA", "US-TX", "US-HIPAA"]);

        Assert.NotNull(gap);
        Assert.Equal(["US-CA", "US-HIPAA"], gap.Missing);
        Assert.StartsWith("Email en-US was checked for EU only; the incident also names US-CA and US-HIPAA", gap.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gap_VoiceVersionWithoutJurisdictions_IsCoveredBecauseNoPackAppliesToVoice()
    {
        Assert.Null(Coverage.Gap(new CoveredVersion(Channel.Voice, "en-US", 1, [], null, "b"), ["EU", "US-CA"]));
        Assert.Empty(Coverage.Applicable(Channel.Sms, ["EU", "US-CA", "US-HIPAA"]));
    }

    [Fact]
    public void Gap_CheckedForNothing_SaysSo()
    {
        var gap = Coverage.Gap(new CoveredVersion(Channel.Email, "de-DE", 1, [], "s", "b"), ["EU"]);

        Assert.StartsWith("Email de-DE was checked for no jurisdiction's rules; the incident also names EU", gap!.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// Cal. Civ. Code §1798.82(d)(2)(G): when SSNs or licence numbers were exposed, identity-theft protection for at least 12
/// months. The lint sees only that the notice prints <c>identity_protection.months</c>; preflight checks the value it will
/// print (<c>Notice:IdentityProtectionMonths</c>) against the rule's minimum.
/// </summary>
public sealed class PreflightIdentityProtectionTests
{
    private sealed class Factory(string months) : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Dispatch:Enabled"] = "false",
            ["Notice:IdentityProtectionMonths"] = months,
        };
    }

    private const string Body = Templates.TemplateTestKit.CompliantEmail + """
        <h2>Credit reports</h2>
        <p>Equifax: 1-800-685-1111, P.O. Box 740241, Atlanta, GA 30374. Experian: 1-888-397-3742, P.O. Box 9554, Allen, TX 75013. TransUnion: 1-888-909-8872, P.O. Box 2000, Chester, PA 19016.</p>
        <p>Enrol in {{ identity_protection.months }} months of free identity protection at {{ identity_protection.url }}.</p>
        """;

    private static async Task<JsonElement> PreflightAsync(string months)
    {
        using var factory = new Factory(months);
        var alice = factory.Api(DemoUsers.LegalAlice);
        var carol = factory.Api(DemoUsers.OpsCarol);
        var created = await alice.PostAsJsonAsync("/api/v1/templates",
            new { name = "SSN notice", channel = "Email", locale = "en-US", jurisdictions = new[] { "US-CA" }, subject = "Notice of Data Breach", body = Body });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/v1/templates/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.Api(DemoUsers.LegalBob).PostAsJsonAsync($"/api/v1/templates/{id}/approve", new { })).StatusCode);
        var response = await carol.PostAsJsonAsync("/api/v1/incidents",
            new { title = "SSN exposure", awareAt = "2026-11-01T10:00:00Z", jurisdictions = new[] { "US-CA" }, dataElements = new[] { "Name", "SSN" } });
        var incident = (await response.JsonAsync()).GetProperty("id").GetGuid();
        await ImportAsync(carol, incident, Row("S-1", channel: "Email", email: "s-1@example.com"));
        var campaign = await CreateCampaignAsync(carol, incident, template: "SSN notice");
        return (await PostAsync(carol, $"/api/v1/campaigns/{campaign}/preflight")).Clone();
    }

    [Fact]
    public async Task Preflight_SsnExposed_TwentyFourMonthsConfigured_IsReady()
    {
        var preflight = await PreflightAsync("24");

        Assert.True(preflight.GetProperty("ready").GetBoolean(), preflight.GetRawText());
        Assert.Empty(preflight.GetProperty("templateFindings").EnumerateArray());
    }

    [Fact]
    public async Task Preflight_SsnExposed_SixMonthsConfigured_IsRefusedCitingTheTwelveMonthMinimum()
    {
        var preflight = await PreflightAsync("6");

        Assert.False(preflight.GetProperty("ready").GetBoolean());
        var finding = Assert.Single(preflight.GetProperty("templateFindings").EnumerateArray());
        Assert.Equal("CA-identity-protection", finding.GetProperty("rule").GetString());
        Assert.Equal("Cal. Civ. Code §1798.82(d)(2)(G)", finding.GetProperty("source").GetString());
        Assert.Contains("which is 6 (Notice:IdentityProtectionMonths); at least 12 is required", finding.GetProperty("message").GetString(),
            StringComparison.Ordinal);
    }
}
