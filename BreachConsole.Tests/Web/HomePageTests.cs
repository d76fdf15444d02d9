using Bunit;
using BreachConsole.Components.Pages;
using BreachConsole.Components.Pages.Campaigns;
using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Infrastructure;
using BreachConsole.Tests.Templates;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Policies = BreachConsole.Auth.Policies;

namespace BreachConsole.Tests.Web;

/// <summary>The Overview: Legal's review queue from Core, and each role told only what it can do today (issues 12, 13).</summary>
public sealed class HomePageTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private static readonly Actor Alice = new("legal.alice", [Roles.Legal]);
    private static readonly Actor Bob = new("legal.bob", [Roles.Legal]);

    private TemplateService Templates => factory.Services.GetRequiredService<TemplateService>();

    private BunitContext Context(string user, string[] roles, params string[] policies)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<IncidentService>());
        ctx.Services.AddSingleton(Templates);
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddScoped<BreachConsole.Components.Shared.UserTimeZone>();
        ctx.ComponentFactories.AddStub<CampaignsTile>();
        ctx.AddAuthorization().SetAuthorized(user).SetRoles(roles).SetPolicies(policies);
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private async Task<Guid> SubmittedAsync(Actor author)
    {
        var created = await Templates.CreateAsync(author, new CreateTemplate($"Overview {Guid.NewGuid():N}", Channel.Sms, "es", [], null, TemplateTestKit.GoodSms));
        await Templates.SubmitAsync(author, created.Id);
        return created.Id;
    }

    private static List<string?> Links(IRenderedComponent<Home> page, string list) =>
        [.. page.FindAll($"[data-testid={list}] a[data-testid=queue-item]").Select(a => a.GetAttribute("href"))];

    [Fact]
    public async Task Overview_Legal_ThreeQueuesLinkingToTheVersions()
    {
        var bobs = await SubmittedAsync(Bob);
        var alices = await SubmittedAsync(Alice);
        var rejected = await SubmittedAsync(Alice);
        await Templates.RejectAsync(Bob, rejected, new ReviewTemplate("Name the data involved.", 1));
        await using var ctx = Context("legal.alice", [Roles.Legal], Policies.AnyRole, Policies.Legal, Policies.LegalOrOperations);

        var page = ctx.Render<Home>();

        page.WaitForElement("[data-testid=queue-for-me]", TimeSpan.FromSeconds(10));
        Assert.Contains($"/templates/{bobs}", Links(page, "queue-for-me"));
        Assert.DoesNotContain($"/templates/{alices}", Links(page, "queue-for-me"));
        Assert.Contains($"/templates/{alices}", Links(page, "queue-mine"));
        Assert.Contains($"/templates/{rejected}", Links(page, "queue-rejected"));
        Assert.Contains("Name the data involved.", page.Find("[data-testid=queue-rejected]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid=overview-role-legal]"));
        Assert.Empty(page.FindAll("[data-testid=overview-role-operations]"));
        Assert.Empty(page.FindAll("[data-testid=overview-role-auditor]"));
    }

    [Theory]
    [InlineData("ops.carol", Roles.Operations, "overview-role-operations", Policies.Operations)]
    [InlineData("auditor.erin", Roles.Auditor, "overview-role-auditor", Policies.Auditor)]
    public async Task Overview_OtherRoles_OnlyTheirOwnWordsAndNoReviewQueue(string user, string role, string shown, string policy)
    {
        await using var ctx = Context(user, [role], Policies.AnyRole, policy);

        var page = ctx.Render<Home>();

        page.WaitForElement($"[data-testid={shown}]");
        Assert.Single(page.FindAll("[data-testid^=overview-role-]"));
        Assert.Empty(page.FindAll("[data-testid=overview-review-queue]"));
    }

    [Fact]
    public async Task Overview_NoRole_SaysSoAndPromisesNothing()
    {
        await using var ctx = Context("someone", []);

        var page = ctx.Render<Home>();

        var text = page.Find("[data-testid=overview-role-none]").TextContent;
        Assert.Contains("no console role", text, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid^=overview-role-]"));
        Assert.Empty(page.FindAll("[data-testid=overview-deadlines]"));
    }
}
