using System.Net.Http.Json;
using Bunit;
using BreachConsole.Components.Pages.Incidents;
using BreachConsole.Core.Incidents;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace BreachConsole.Tests.Web;

public sealed class IncidentDetailPageTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private BunitContext Context(string user, string role, params string[] policies)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<IncidentService>());
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<RegulatoryClock>());
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<BreachConsole.Core.Evidence.EvidencePackService>());
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<BreachConsole.Core.Audit.AuditTrail>());
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<BreachConsole.Core.Campaigns.CampaignService>());
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<BreachConsole.Core.Contacts.ContactDirectory>());
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddScoped<BreachConsole.Components.Shared.UserTimeZone>();
        ctx.Services.AddScoped<BreachConsole.Components.Shared.FileDownloader>();
        ctx.Services.AddScoped<BreachConsole.Components.Shared.UiRefusals>();
        ctx.AddAuthorization().SetAuthorized(user).SetRoles(role).SetPolicies(policies);
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    [Fact]
    public async Task IncidentDetail_Deadlines_ShowStartEventAndThreshold()
    {
        var created = await (await factory.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Page clock",
            awareAt = "2026-11-01T10:00:00Z",
            determinedAt = "2026-11-03T10:00:00Z",
            jurisdictions = new[] { "US-CO" },
            dataElements = new[] { "Name" },
            affectedCounts = new Dictionary<string, int> { ["US-CO"] = 800 },
        })).JsonAsync();
        await using var ctx = Context("auditor.erin", "Auditor", Auth.Policies.AnyRole, Auth.Policies.OperationsOrAuditor);

        var page = ctx.Render<IncidentDetail>(p => p.Add(x => x.Id, created.GetProperty("id").GetGuid()));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=incident-deadlines]")), TimeSpan.FromSeconds(10));
        var authority = page.Find("tr[data-rule=US-CO-authority]").TextContent;
        Assert.Contains("Determination, 2026-11-03 10:00", authority, StringComparison.Ordinal);
        Assert.Contains("500 or more affected residents: 800 affected", authority, StringComparison.Ordinal);
        Assert.Contains("C.R.S. 6-1-716(2)(f)", authority, StringComparison.Ordinal);
        // The auditor reads; only Legal and Operations record clock inputs.
        Assert.Empty(page.FindAll("[data-testid=incident-clock-inputs]"));
    }

    [Fact]
    public async Task IncidentDetail_LegalRecordsALawEnforcementDelay_DeadlineShowsTheShift()
    {
        var created = await (await factory.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident())).JsonAsync();
        await using var ctx = Context("legal.alice", "Legal", Auth.Policies.AnyRole, Auth.Policies.LegalOrOperations);
        var page = ctx.Render<IncidentDetail>(p => p.Add(x => x.Id, created.GetProperty("id").GetGuid()));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=incident-clock-inputs]")), TimeSpan.FromSeconds(10));

        page.Find("input[data-testid=clock-le-requested-by], [data-testid=clock-le-requested-by] input").Change("FBI Sacramento");
        page.Find("input[data-testid=clock-le-from], [data-testid=clock-le-from] input").Change("2026-11-02T00:00");
        page.Find("input[data-testid=clock-le-to], [data-testid=clock-le-to] input").Change("2026-11-09T00:00");
        page.Find("[data-testid=clock-le-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("Law-enforcement delay requested by FBI Sacramento", page.Find("tr[data-rule=US-CA-individuals]").TextContent,
            StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.NotEmpty(page.FindAll("[data-testid=incident-delays]"));
    }

    [Fact]
    public async Task IncidentDetail_LegalWritesTheNoticeFacts_PageShowsThem_AuditorCannotEdit()
    {
        var created = await (await factory.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident())).JsonAsync();
        var id = created.GetProperty("id").GetGuid();
        await using (var ctx = Context("legal.alice", "Legal", Auth.Policies.AnyRole, Auth.Policies.LegalOrOperations))
        {
            var page = ctx.Render<IncidentDetail>(p => p.Add(x => x.Id, id));
            page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=notice-facts-edit]")), TimeSpan.FromSeconds(10));
            // Until written, the page says what a notice prints in its place.
            Assert.Contains("prints the title", page.Find("[data-testid=notice-facts-description]").TextContent, StringComparison.Ordinal);

            page.Find("[data-testid=notice-facts-edit]").Click();
            page.Find("textarea[data-testid=notice-facts-description-input], [data-testid=notice-facts-description-input] textarea")
                .Change("An outside party read our order database.");
            page.Find("input[data-testid=notice-facts-breach-start]").Change("2026-10-20T08:00");
            page.Find("input[data-testid=notice-facts-breach-end]").Change("2026-11-05T08:00");
            page.Find("[data-testid=notice-facts-save]").Click();

            // The end may lie after awareness: a breach can go on after it is found.
            page.WaitForAssertion(() => Assert.Contains("An outside party read our order database.", page.Find("[data-testid=notice-facts-description]").TextContent,
                StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Assert.Equal("2026-10-20 08:00 to 2026-11-05 08:00", page.Find("[data-testid=notice-facts-period]").TextContent.Trim());
        }

        await using var auditor = Context("auditor.erin", "Auditor", Auth.Policies.AnyRole, Auth.Policies.OperationsOrAuditor);
        var read = auditor.Render<IncidentDetail>(p => p.Add(x => x.Id, id));
        read.WaitForAssertion(() => Assert.Contains("An outside party read our order database.", read.Find("[data-testid=notice-facts-description]").TextContent,
            StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(read.FindAll("[data-testid=notice-facts-edit]"));
    }

    [Fact]
    public async Task IncidentDetail_NoticeFactsEndBeforeStart_ErrorBesideTheField_NothingSaved()
    {
        var created = await (await factory.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident())).JsonAsync();
        var id = created.GetProperty("id").GetGuid();
        await using var ctx = Context("ops.carol", "Operations", Auth.Policies.AnyRole, Auth.Policies.LegalOrOperations, Auth.Policies.OperationsOrAuditor);
        var page = ctx.Render<IncidentDetail>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=notice-facts-edit]")), TimeSpan.FromSeconds(10));

        page.Find("[data-testid=notice-facts-edit]").Click();
        page.Find("input[data-testid=notice-facts-breach-start]").Change("2026-10-20T08:00");
        page.Find("input[data-testid=notice-facts-breach-end]").Change("2026-10-10T08:00");
        page.Find("[data-testid=notice-facts-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("cannot end before it starts", page.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var incident = await factory.Services.GetRequiredService<IncidentService>().GetAsync(new BreachConsole.Core.Common.Actor("auditor.erin", ["Auditor"]), id);
        Assert.Null(incident.BreachStart);
    }
}
