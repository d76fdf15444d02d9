using BreachConsole.Components.Pages.Templates;
using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Infrastructure;
using BreachConsole.Tests.Templates;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace BreachConsole.Tests.Web;

/// <summary>The detail page shows each role only the actions Core would allow (Core re-checks regardless).</summary>
public sealed class TemplateDetailPageTests : BunitContext, IAsyncLifetime, IClassFixture<ConsoleFactory>
{
    private static readonly Actor Alice = new("legal.alice", [Roles.Legal]);
    private static readonly Actor Bob = new("legal.bob", [Roles.Legal]);
    private readonly TemplateService _service;

    public TemplateDetailPageTests(ConsoleFactory factory)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        _service = factory.Services.GetRequiredService<TemplateService>();
        Services.AddSingleton(_service);
        Services.AddSingleton(factory.Services.GetRequiredService<TemplateStudio>());
        Services.AddSingleton(factory.Services.GetRequiredService<BreachConsole.Core.Audit.AuditTrail>());
        Services.AddScoped<BreachConsole.Components.Shared.UiRefusals>();
        Services.AddSingleton(TimeProvider.System);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private async Task<Guid> InReviewByAliceAsync()
    {
        var created = await _service.CreateAsync(Alice, new CreateTemplate($"Page {Guid.NewGuid():N}", Channel.Sms, "es-PR", [], null, TemplateTestKit.GoodSms));
        await _service.SubmitAsync(Alice, created.Id);
        return created.Id;
    }

    private IRenderedComponent<TemplateDetail> RenderAs(string user, string role, Guid id)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(user);
        auth.SetRoles(role);
        var cut = Render<TemplateDetail>(p => p.Add(d => d.Id, id));
        cut.WaitForElement("[data-testid=template-status]");
        return cut;
    }

    [Fact]
    public async Task InReview_ViewedByTheAuthor_OnlyWithdrawAndFourEyesNotice()
    {
        var id = await InReviewByAliceAsync();

        var cut = RenderAs("legal.alice", Roles.Legal, id);

        Assert.Empty(cut.FindAll("[data-testid=template-approve]"));
        Assert.Empty(cut.FindAll("[data-testid=template-reject]"));
        Assert.NotNull(cut.Find("[data-testid=template-four-eyes]"));

        cut.Find("button[data-testid=template-withdraw]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=template-status]").GetAttribute("data-status")));
    }

    public static TheoryData<string, string, string> Viewers => new()
    {
        { "legal.alice", Roles.Legal, "draft" },
        { "legal.bob", Roles.Legal, "draft" },
        { "legal.alice", Roles.Legal, "review" },
        { "legal.bob", Roles.Legal, "review" },
        { "legal.alice", Roles.Legal, "approved" },
        { "auditor.erin", Roles.Auditor, "review" },
        { "ops.carol", Roles.Operations, "approved" },

        // Alice wrote v1, Bob saved v2 and submitted it: Alice wrote part of what is reviewed, so she may do nothing;
        // Bob may only withdraw; a third Legal user may approve or reject.
        { "legal.alice", Roles.Legal, "review-co-written" },
        { "legal.bob", Roles.Legal, "review-co-written" },
        { "legal.dana", Roles.Legal, "review-co-written" },
    };

    [Theory]
    [MemberData(nameof(Viewers))]
    public async Task Actions_EveryViewerAndState_ExactlyWhatCoreAllows(string user, string role, string state)
    {
        var created = await _service.CreateAsync(Alice, new CreateTemplate($"Page {Guid.NewGuid():N}", Channel.Sms, "es-PR", [], null, TemplateTestKit.GoodSms));
        if (state == "review-co-written")
        {
            await _service.EditAsync(Bob, created.Id, new EditTemplate(null, TemplateTestKit.GoodSms));
            await _service.SubmitAsync(Bob, created.Id);
        }
        else if (state != "draft")
        {
            await _service.SubmitAsync(Alice, created.Id);
        }

        if (state == "approved")
        {
            await _service.ApproveAsync(Bob, created.Id, new ReviewTemplate(Version: 1));
        }

        var actor = new Actor(user, [role]);
        var details = await _service.GetAsync(actor, created.Id);
        var allowed = TemplateService.AllowedActions(actor, details, details.LatestVersion);

        var cut = RenderAs(user, role, created.Id);

        var offered = new[] { TemplateAction.Edit, TemplateAction.Submit, TemplateAction.Approve, TemplateAction.Reject, TemplateAction.Withdraw }
            .Where(a => cut.FindAll($"[data-testid={TestId(a)}]").Count > 0)
            .Aggregate(TemplateAction.None, (all, a) => all | a);
        Assert.Equal(allowed, offered);
    }

    private static string TestId(TemplateAction action) => action switch
    {
        TemplateAction.Edit => "template-save",
        TemplateAction.Submit => "template-submit",
        TemplateAction.Approve => "template-approve",
        TemplateAction.Reject => "template-reject",
        _ => "template-withdraw",
    };

    [Fact]
    public async Task InReview_ViewedByAColleague_ApproveButtonShownAndApproves()
    {
        var id = await InReviewByAliceAsync();
        var cut = RenderAs("legal.bob", Roles.Legal, id);

        cut.Find("button[data-testid=template-approve]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Approved", cut.Find("[data-testid=template-status]").GetAttribute("data-status")));
    }

    [Fact]
    public async Task Approved_ViewedByOperations_ReadOnlyWithoutActions()
    {
        var id = await InReviewByAliceAsync();
        await _service.ApproveAsync(Bob, id, new ReviewTemplate(Version: 1));

        var cut = RenderAs("ops.carol", Roles.Operations, id);

        Assert.NotNull(cut.Find("[data-testid=template-readonly]"));
        Assert.True(cut.Find("textarea[data-testid=template-body]").HasAttribute("readonly"));
        foreach (var action in new[] { "template-save", "template-submit", "template-approve", "template-reject" })
        {
            Assert.Empty(cut.FindAll($"[data-testid={action}]"));
        }
    }

    [Fact]
    public async Task Draft_ViewedByOperations_NotFound()
    {
        var created = await _service.CreateAsync(Alice, new CreateTemplate($"Page {Guid.NewGuid():N}", Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        var auth = AddAuthorization();
        auth.SetAuthorized("ops.carol");
        auth.SetRoles(Roles.Operations);

        var cut = Render<TemplateDetail>(p => p.Add(d => d.Id, created.Id));

        cut.WaitForElement("[data-testid=template-not-found]");
    }
}
