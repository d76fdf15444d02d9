using System.Net;
using System.Net.Http.Json;
using Bunit;
using BreachConsole.Components.Pages.Campaigns;
using BreachConsole.Core.Campaigns;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using static BreachConsole.Tests.Campaigns.CampaignRig;

namespace BreachConsole.Tests.Web;

/// <summary>Issue 14, "Coverage": the campaign page says why preflight is not ready, in the words the API gives.</summary>
public sealed class CampaignPagePreflightTests : IDisposable
{
    private sealed class Factory : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Dispatch:Enabled"] = "false" };
    }

    private readonly Factory _factory = new();

    public void Dispose() => _factory.Dispose();

    private BunitContext Context()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(_factory.Services.GetRequiredService<CampaignService>());
        ctx.Services.AddSingleton(_factory.Services.GetRequiredService<CampaignProgressNotifier>());
        ctx.Services.AddSingleton(_factory.Services.GetRequiredService<CampaignExceptionsReport>());
        ctx.Services.AddSingleton(_factory.Services.GetRequiredService<Core.Incidents.IncidentService>());
        ctx.Services.AddSingleton(_factory.Services.GetRequiredService<Core.Audit.AuditTrail>());
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddScoped<BreachConsole.Components.Shared.UserTimeZone>();
        ctx.Services.AddScoped<BreachConsole.Components.Shared.FileDownloader>();
        ctx.Services.AddScoped<BreachConsole.Components.Shared.UiRefusals>();
        ctx.AddAuthorization().SetAuthorized(DemoUsers.OpsCarol).SetRoles("Operations")
            .SetPolicies(Auth.Policies.AnyRole, Auth.Policies.Operations, Auth.Policies.OperationsOrAuditor);
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    [Fact]
    public async Task CampaignPage_UncoveredTemplate_ShowsTheReasonPreflightIsNotReady()
    {
        var alice = _factory.Api(DemoUsers.LegalAlice);
        var carol = _factory.Api(DemoUsers.OpsCarol);
        var body = TemplateDemoSeed.Set.Single(t => t.Channel == Channel.Email && t.Locale == "en-US").Body;
        var created = await alice.PostAsJsonAsync("/api/v1/templates",
            new { name = "EU-only notice", channel = "Email", locale = "en-US", jurisdictions = new[] { "EU" }, subject = "Notice of Data Breach", body });
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/v1/templates/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _factory.Api(DemoUsers.LegalBob).PostAsJsonAsync($"/api/v1/templates/{id}/approve", new { })).StatusCode);
        var incident = await IncidentWithContactsAsync(carol, Row("P-1", channel: "Email", email: "p-1@example.com"));
        var campaign = await CreateCampaignAsync(carol, incident, template: "EU-only notice");
        await PostAsync(carol, $"/api/v1/campaigns/{campaign}/preflight");
        await using var ctx = Context();

        var page = ctx.Render<CampaignPage>(p => p.Add(x => x.Id, campaign));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=preflight-not-ready]")), TimeSpan.FromSeconds(10));
        Assert.Contains("Email en-US was checked for EU only; the incident also names US-CA", page.Find("[data-testid=preflight-not-ready]").TextContent,
            StringComparison.Ordinal);
        Assert.Contains("does not cover this incident's rules", page.Find("[data-testid=preflight-ready]").TextContent, StringComparison.Ordinal);
        // The incident was opened without its notice facts: the approver reads what the email prints instead.
        var warnings = page.Find("[data-testid=preflight-warnings]").TextContent;
        Assert.Contains("prints {{ incident.description }}, but the incident has no description, so it prints the incident's title", warnings, StringComparison.Ordinal);
        Assert.Contains("{{ incident.breach_start }}", warnings, StringComparison.Ordinal);
    }
}
