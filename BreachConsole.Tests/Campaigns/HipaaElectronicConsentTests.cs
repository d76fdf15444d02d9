using System.Net;
using System.Net.Http.Json;
using BreachConsole.Core.Campaigns;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Preferences;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using static BreachConsole.Tests.Campaigns.CampaignRig;

namespace BreachConsole.Tests.Campaigns;

/// <summary>
/// HIPAA, 45 CFR §164.404(d)(1)(i): written notice by first-class mail, or by electronic mail if the individual agreed to
/// electronic notice. Preflight sends a HIPAA incident's email only to contacts who agreed; the rest go to the exceptions
/// report for postal notice (reason <c>noElectronicConsent</c>), never to another electronic channel.
/// </summary>
public sealed class HipaaElectronicConsentTests : IAsyncLifetime
{
    private sealed class Factory : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Dispatch:Enabled"] = "false" };
    }

    private readonly Factory _factory = new();
    private HttpClient _carol = null!;

    public async Task InitializeAsync()
    {
        _carol = _factory.Api(DemoUsers.OpsCarol);
        var alice = _factory.Api(DemoUsers.LegalAlice);
        var body = TemplateDemoSeed.Set.Single(t => t.Channel == Channel.Email && t.Locale == "en-US").Body;
        var created = await alice.PostAsJsonAsync("/api/v1/templates",
            new { name = "Health notice", channel = "Email", locale = "en-US", jurisdictions = new[] { "US-HIPAA", "EU" }, subject = "Notice of Data Breach", body });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/v1/templates/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _factory.Api(DemoUsers.LegalBob).PostAsJsonAsync($"/api/v1/templates/{id}/approve", new { })).StatusCode);
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Three email contacts: agreed, refused, never asked.</summary>
    private async Task<Guid> CampaignAsync(params string[] jurisdictions)
    {
        var response = await _carol.PostAsJsonAsync("/api/v1/incidents",
            new { title = "Clinic records", awareAt = "2026-11-01T10:00:00Z", jurisdictions, dataElements = new[] { "Name", "HealthRecord" } });
        response.EnsureSuccessStatusCode();
        var incident = (await response.JsonAsync()).GetProperty("id").GetGuid();
        var csv = $"{ContactsApi.Header},electronicNoticeConsent\n" +
                  $"{ContactsApi.Row("H-1", channel: "Email")},true\n{ContactsApi.Row("H-2", channel: "Email")},false\n{ContactsApi.Row("H-3", channel: "Email")},\n";
        (await ContactsApi.PostCsvAsync(_carol, incident, csv)).EnsureSuccessStatusCode();
        return await CreateCampaignAsync(_carol, incident, template: "Health notice");
    }

    [Fact]
    public async Task Preflight_HipaaIncident_EmailsOnlyThoseWhoAgreedAndListsTheRestForPostalNotice()
    {
        var campaign = await CampaignAsync("US-HIPAA");

        var preflight = await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");

        Assert.True(preflight.GetProperty("ready").GetBoolean(), preflight.GetRawText());
        Assert.Equal(1, preflight.GetProperty("audience").GetInt32());
        Assert.Equal(1, preflight.GetProperty("byChannel").GetProperty("Email").GetInt32());
        Assert.False(preflight.GetProperty("byChannel").TryGetProperty("Sms", out _));
        Assert.Equal(2, preflight.GetProperty("blocked").GetProperty("noElectronicConsent").GetInt32());
        Assert.Equal(0, preflight.GetProperty("blocked").GetProperty("noRoute").GetInt32());
        var csv = await (await _carol.GetAsync($"/api/v1/campaigns/{campaign}/exceptions?format=csv")).Content.ReadAsStringAsync();
        Assert.Equal(2, csv.Split('\n').Count(l => l.Contains(ExceptionReasons.NoElectronicConsent, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EvidencePack_HipaaIncident_CampaignsCsvCountsThePostalNotices()
    {
        var campaign = await CampaignAsync("US-HIPAA");
        await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");
        var incident = (await (await _carol.GetAsync($"/api/v1/campaigns/{campaign}")).JsonAsync()).GetProperty("incidentId").GetGuid();

        var pack = await _factory.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/incidents/{incident}/evidence");

        Assert.Equal(HttpStatusCode.OK, pack.StatusCode);
        using var zip = new System.IO.Compression.ZipArchive(await pack.Content.ReadAsStreamAsync());
        using var reader = new StreamReader(zip.GetEntry("campaigns.csv")!.Open());
        using var csv = new CsvHelper.CsvReader(reader, System.Globalization.CultureInfo.InvariantCulture);
        await csv.ReadAsync();
        csv.ReadHeader();
        Assert.True(await csv.ReadAsync());
        Assert.Equal("2", csv.GetField("blockedNoElectronicConsent"));
        Assert.Equal("1", csv.GetField("audience"));
        Assert.Equal("", csv.GetField("notReady"));
    }

    [Fact]
    public async Task Preflight_IncidentWithoutHipaa_EmailsEveryone()
    {
        var campaign = await CampaignAsync("EU");

        var preflight = await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");

        Assert.Equal(3, preflight.GetProperty("audience").GetInt32());
        Assert.Equal(0, preflight.GetProperty("blocked").GetProperty("noElectronicConsent").GetInt32());
    }

    [Fact]
    public async Task Preflight_ConsentGivenAfterImport_MovesTheContactToEmail()
    {
        var campaign = await CampaignAsync("US-HIPAA");
        (await _carol.PutAsJsonAsync("/api/v1/preferences",
            new { customerId = "H-3", optOutMarketing = false, optOutServiceAlerts = false, electronicNoticeConsent = true })).EnsureSuccessStatusCode();

        var preflight = await PostAsync(_carol, $"/api/v1/campaigns/{campaign}/preflight");

        Assert.Equal(2, preflight.GetProperty("audience").GetInt32());
        Assert.Equal(1, preflight.GetProperty("blocked").GetProperty("noElectronicConsent").GetInt32());
    }
}

/// <summary>The per-contact rule, table-driven (45 CFR §164.404(d)(1)(i)).</summary>
public sealed class HipaaConsentDecisionTests
{
    private static readonly TemplateMap Templates = new(new Dictionary<(Channel, string), TemplateRef>
    {
        [(Channel.Sms, "en-US")] = new(Guid.NewGuid(), Guid.NewGuid(), 1, "en-US", "h1"),
        [(Channel.Email, "en-US")] = new(Guid.NewGuid(), Guid.NewGuid(), 1, "en-US", "h2"),
    });

    private static readonly AudienceClassifier Classifier = new(null!, null!, new ChannelRouting(Options.Create(new ResidencyOptions()),
        Options.Create(new RoutesOptions()), Options.Create(new DispatchOptions { ChannelFallback = [Channel.Email, Channel.Sms, Channel.Voice] })));

    [Theory]
    [InlineData(Channel.Email, true, true, DecisionKind.Send, Channel.Email)]
    [InlineData(Channel.Email, true, false, DecisionKind.Blocked, null)]
    [InlineData(Channel.Email, true, null, DecisionKind.Blocked, null)]
    [InlineData(Channel.Email, false, null, DecisionKind.Send, Channel.Email)]
    [InlineData(Channel.Sms, true, null, DecisionKind.Send, Channel.Sms)]
    public void Decide_HipaaIncident_EmailNeedsConsentAndIsNeverSwappedForAnotherChannel(Channel preferred, bool hipaa, bool? consent,
        DecisionKind kind, Channel? channel)
    {
        var contact = new ContactFacts(1, "tok-1", "US", "en-US", preferred, HasEmail: true, HasPhone: true);
        var preference = new PreferenceSnapshot("tok-1", false, false, null, null, consent);

        var decision = Classifier.Decide(contact, preference, Templates, electronicConsentRequired: hipaa);

        Assert.Equal(kind, decision.Kind);
        Assert.Equal(channel, decision.Channel);
        Assert.Equal(kind == DecisionKind.Blocked ? ExceptionReasons.NoElectronicConsent : null, decision.Reason);
    }

    [Fact]
    public void RequiresElectronicConsent_OnlyForHipaaIncidents()
    {
        Assert.True(AudienceClassifier.RequiresElectronicConsent(["US-CA", "US-HIPAA"]));
        Assert.False(AudienceClassifier.RequiresElectronicConsent(["US-CA", "EU"]));
    }
}
