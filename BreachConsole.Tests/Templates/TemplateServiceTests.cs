using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Templates;

/// <summary>The use cases against the real app's services and a real SQLite file (with its triggers).</summary>
public sealed class TemplateServiceTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private static readonly Actor Alice = new("legal.alice", [Roles.Legal]);
    private static readonly Actor Bob = new("legal.bob", [Roles.Legal]);
    private static readonly Actor Carol = new("ops.carol", [Roles.Operations]);
    private static readonly Actor Erin = new("auditor.erin", [Roles.Auditor]);

    private TemplateService Service => factory.Services.GetRequiredService<TemplateService>();

    private ApprovedTemplates Catalog => factory.Services.GetRequiredService<ApprovedTemplates>();

    private static string UniqueName() => $"Notice {Guid.NewGuid():N}";

    private async Task<TemplateVersionResult> ApprovedAsync(string name, string locale = "en-US", Channel channel = Channel.Sms, string? body = null)
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(name, channel, locale, [], null, body ?? TemplateTestKit.GoodSms));
        await Service.SubmitAsync(Alice, created.Id);
        return await Service.ApproveAsync(Bob, created.Id, new ReviewTemplate(Version: 1));
    }

    [Fact]
    public async Task Approve_ByTheAuthor_ForbiddenAndStaysInReview()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "es-PR", [], null, TemplateTestKit.GoodSms));
        await Service.SubmitAsync(Alice, created.Id);

        await Assert.ThrowsAsync<ForbiddenException>(() => Service.ApproveAsync(Alice, created.Id, new ReviewTemplate(Version: 1)));

        var details = await Service.GetAsync(Alice, created.Id);
        Assert.Equal(TemplateStatus.InReview, details.Versions[0].Status);
    }

    [Fact]
    public async Task Approve_ByAnotherLawyer_ApprovedWithWhoAndWhen()
    {
        var approved = await ApprovedAsync(UniqueName());

        Assert.Equal(TemplateStatus.Approved, approved.Status);
        var version = (await Service.GetAsync(Erin, approved.Id)).Versions.Single();
        Assert.Equal(("legal.alice", "legal.alice", "legal.bob"), (version.AuthoredBy, version.SubmittedBy, version.ApprovedBy));
        Assert.NotNull(version.ApprovedAt);
        Assert.NotNull(version.SubmittedAt);
    }

    [Fact]
    public async Task Approve_ByOperations_Forbidden()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        await Service.SubmitAsync(Alice, created.Id);

        await Assert.ThrowsAsync<ForbiddenException>(() => Service.ApproveAsync(Carol, created.Id, new ReviewTemplate(Version: 1)));
    }

    [Fact]
    public async Task Approve_ADraft_Conflict()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));

        await Assert.ThrowsAsync<ConflictException>(() => Service.ApproveAsync(Bob, created.Id, new ReviewTemplate(Version: 1)));
    }

    [Fact]
    public async Task Approve_NewVersion_RetiresThePreviousApproved()
    {
        var v1 = await ApprovedAsync(UniqueName());
        await Service.EditAsync(Bob, v1.Id, new EditTemplate(null, TemplateTestKit.GoodSms + " v2"));
        await Service.SubmitAsync(Bob, v1.Id);

        var v2 = await Service.ApproveAsync(Alice, v1.Id, new ReviewTemplate("ok", Version: 2));

        var versions = (await Service.GetAsync(Alice, v1.Id)).Versions;
        Assert.Equal(2, v2.Version);
        Assert.Equal([TemplateStatus.Approved, TemplateStatus.Retired], versions.Select(v => v.Status));
        Assert.NotNull(versions[1].RetiredAt);
    }

    [Fact]
    public async Task Edit_ApprovedTemplate_OpensNewDraftAndLeavesApprovedUntouched()
    {
        var v1 = await ApprovedAsync(UniqueName());
        var before = (await Service.GetAsync(Alice, v1.Id)).Versions.Single();

        var edited = await Service.EditAsync(Alice, v1.Id, new EditTemplate(null, "Changed {{ preferences_url }}"));

        Assert.Equal((2, TemplateStatus.Draft), (edited.Version, edited.Status));
        var versions = (await Service.GetAsync(Alice, v1.Id)).Versions;
        var after = versions.Single(v => v.Version == 1);
        Assert.Equal((before.Status, before.Body, before.ContentHash, before.ApprovedBy, before.ApprovedAt),
            (after.Status, after.Body, after.ContentHash, after.ApprovedBy, after.ApprovedAt));
        Assert.False(after.IsLatest);
        var resolved = await Catalog.ResolveAsync((await Service.GetAsync(Alice, v1.Id)).Name, Channel.Sms, "en-US");
        Assert.Equal(1, resolved!.Version);
    }

    [Fact]
    public async Task Database_UpdateApprovedVersionText_RefusedByTrigger()
    {
        var v1 = await ApprovedAsync(UniqueName());
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        var version = await db.TemplateVersions.SingleAsync(v => v.TemplateId == v1.Id);

        version.Body = "tampered {{ preferences_url }}";

        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(19, Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(ex.InnerException).SqliteErrorCode);
    }

    [Fact]
    public async Task Database_UpdateDraftVersionText_RefusedByTrigger()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        var version = await db.TemplateVersions.SingleAsync(v => v.TemplateId == created.Id);

        version.Body = "edited in place {{ preferences_url }}";

        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Contains("immutable", ex.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_ApprovedBackToDraft_RefusedByTrigger()
    {
        var v1 = await ApprovedAsync(UniqueName());
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        var version = await db.TemplateVersions.SingleAsync(v => v.TemplateId == v1.Id);

        version.Status = TemplateStatus.Draft;

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Edit_WhileInReview_Conflict()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        await Service.SubmitAsync(Alice, created.Id);

        await Assert.ThrowsAsync<ConflictException>(() => Service.EditAsync(Alice, created.Id, new EditTemplate(null, "x {{ preferences_url }}")));
    }

    [Fact]
    public async Task Submit_WithLintErrors_ValidationErrorNamingTheRuleAndStaysDraft()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "es-PR", [], null, "Hola {{ customer.first_name }}"));
        Assert.Contains(created.Lint, f => f.Rule == TemplateLintValidator.PreferencesRule);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => Service.SubmitAsync(Alice, created.Id));

        Assert.Contains(ex.Errors, e => e.PropertyName == TemplateLintValidator.PreferencesRule);
        Assert.Equal(TemplateStatus.Draft, (await Service.GetAsync(Alice, created.Id)).Versions[0].Status);
    }

    [Fact]
    public async Task Reject_WithComment_BackToDraftWithTheComment()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        await Service.SubmitAsync(Alice, created.Id);

        var rejected = await Service.RejectAsync(Bob, created.Id, new ReviewTemplate("Say which card."));

        Assert.Equal(TemplateStatus.Draft, rejected.Status);
        var version = (await Service.GetAsync(Alice, created.Id)).Versions[0];
        Assert.Equal(("legal.bob", "Say which card."), (version.RejectedBy, version.ReviewComment));
    }

    [Fact]
    public async Task Reject_WithoutComment_ValidationError()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        await Service.SubmitAsync(Alice, created.Id);

        await Assert.ThrowsAsync<ValidationException>(() => Service.RejectAsync(Bob, created.Id, new ReviewTemplate("  ")));
    }

    [Fact]
    public async Task Approve_StaleVersionNumber_Conflict()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        await Service.EditAsync(Alice, created.Id, new EditTemplate(null, TemplateTestKit.GoodSms + "!"));
        await Service.SubmitAsync(Alice, created.Id);

        await Assert.ThrowsAsync<ConflictException>(() => Service.ApproveAsync(Bob, created.Id, new ReviewTemplate(Version: 1)));
    }

    [Fact]
    public async Task Approve_AliceWritesV1BobSavesV2AliceSubmitsAndApproves_Forbidden()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        await Service.EditAsync(Bob, created.Id, new EditTemplate(null, TemplateTestKit.GoodSms + " v2"));
        await Service.SubmitAsync(Alice, created.Id);

        // Alice wrote v1, which v2 is built on and which was never approved: she is not the second pair of eyes.
        await Assert.ThrowsAsync<ForbiddenException>(() => Service.ApproveAsync(Alice, created.Id, new ReviewTemplate(Version: 2)));
        // Bob wrote v2.
        await Assert.ThrowsAsync<ForbiddenException>(() => Service.ApproveAsync(Bob, created.Id, new ReviewTemplate(Version: 2)));
        Assert.Equal(TemplateStatus.InReview, (await Service.GetAsync(Erin, created.Id)).Versions[0].Status);
    }

    [Fact]
    public async Task Approve_BySubmitterWhoDidNotWriteIt_Forbidden()
    {
        var v1 = await ApprovedAsync(UniqueName());
        await Service.EditAsync(Alice, v1.Id, new EditTemplate(null, TemplateTestKit.GoodSms + " v2"));
        var dan = new Actor("legal.dan", [Roles.Legal]);
        await Service.SubmitAsync(dan, v1.Id);

        await Assert.ThrowsAsync<ForbiddenException>(() => Service.ApproveAsync(dan, v1.Id, new ReviewTemplate(Version: 2)));
        var approved = await Service.ApproveAsync(Bob, v1.Id, new ReviewTemplate(Version: 2));
        Assert.Equal(TemplateStatus.Approved, approved.Status);
    }

    [Fact]
    public async Task Approve_WithoutNamingAVersion_ApprovesTheOneInReviewAsTheContractCallsIt()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        await Service.SubmitAsync(Alice, created.Id);

        await Assert.ThrowsAsync<ForbiddenException>(() => Service.ApproveAsync(Alice, created.Id, new ReviewTemplate()));
        var approved = await Service.ApproveAsync(Bob, created.Id, new ReviewTemplate());

        Assert.Equal(TemplateStatus.Approved, approved.Status);
        Assert.Equal(1, approved.Version);
    }

    [Fact]
    public async Task Approve_ContentHashOfTextTheReviewerDidNotRead_Conflict()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        var read = (await Service.GetAsync(Bob, created.Id)).Versions[0].ContentHash;
        await Service.EditAsync(Alice, created.Id, new EditTemplate(null, TemplateTestKit.GoodSms + " changed after Bob read it"));
        await Service.SubmitAsync(Alice, created.Id);

        await Assert.ThrowsAsync<ConflictException>(() => Service.ApproveAsync(Bob, created.Id, new ReviewTemplate(ContentHash: read)));

        var current = (await Service.GetAsync(Bob, created.Id)).Versions[0].ContentHash;
        Assert.Equal(TemplateStatus.Approved, (await Service.ApproveAsync(Bob, created.Id, new ReviewTemplate(ContentHash: current))).Status);
    }

    [Fact]
    public async Task Reject_ByTheAuthorToEditAroundTheReviewer_ForbiddenButWithdrawAllowedAndAudited()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        await Service.SubmitAsync(Alice, created.Id);

        await Assert.ThrowsAsync<ForbiddenException>(() => Service.RejectAsync(Alice, created.Id, new ReviewTemplate("self-reject")));
        await Assert.ThrowsAsync<ForbiddenException>(() => Service.WithdrawAsync(Bob, created.Id, new ReviewTemplate()));
        var withdrawn = await Service.WithdrawAsync(Alice, created.Id, new ReviewTemplate(Version: 1));

        Assert.Equal(TemplateStatus.Draft, withdrawn.Status);
        var version = (await Service.GetAsync(Erin, created.Id)).Versions[0];
        Assert.Null(version.RejectedBy);
        var audit = await factory.Services.GetRequiredService<BreachConsole.Core.Audit.AuditTrail>().QueryAsync(
            new Actor("auditor.erin", [Roles.Auditor]), new BreachConsole.Core.Audit.AuditQuery(Action: BreachConsole.Core.Audit.AuditActions.TemplateWithdrawn));
        Assert.Contains(audit.Items, e => e.Target == TemplateService.Target(created.Id, 1) && e.Actor == "legal.alice");
    }

    [Fact]
    public async Task Database_RewriteAuthorIdToDodgeFourEyes_RefusedByTrigger()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        var version = await db.TemplateVersions.SingleAsync(v => v.TemplateId == created.Id);

        version.AuthorId = "legal.nobody";

        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Contains("immutable", ex.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowedActions_EachPersonAndState_MatchTheFourEyesRules()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));
        var draft = await Service.GetAsync(Alice, created.Id);
        Assert.Equal(TemplateAction.Edit | TemplateAction.Submit, TemplateService.AllowedActions(Bob, draft, 1));
        Assert.Equal(TemplateAction.None, TemplateService.AllowedActions(Erin, draft, 1));

        await Service.SubmitAsync(Alice, created.Id);
        var inReview = await Service.GetAsync(Alice, created.Id);

        Assert.Equal(TemplateAction.Withdraw, TemplateService.AllowedActions(Alice, inReview, 1));
        Assert.Equal(TemplateAction.Approve | TemplateAction.Reject, TemplateService.AllowedActions(Bob, inReview, 1));
        Assert.Equal(TemplateAction.None, TemplateService.AllowedActions(Carol, inReview, 1));
    }

    [Fact]
    public async Task Create_SameNameChannelLocale_Conflict()
    {
        var name = UniqueName();
        await Service.CreateAsync(Alice, new CreateTemplate(name, Channel.Sms, "es-PR", [], null, TemplateTestKit.GoodSms));

        await Assert.ThrowsAsync<ConflictException>(() =>
            Service.CreateAsync(Bob, new CreateTemplate(name, Channel.Sms, "ES-pr", [], null, TemplateTestKit.GoodSms)));
    }

    [Fact]
    public async Task Create_AsOperations_Forbidden()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Service.CreateAsync(Carol, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms)));
    }

    [Fact]
    public async Task Resolve_ExactLocaleApproved_ReturnsIt()
    {
        var name = UniqueName();
        await ApprovedAsync(name, "es");
        await ApprovedAsync(name, "es-PR");

        var resolved = await Catalog.ResolveAsync(name, Channel.Sms, "es-PR");

        Assert.Equal("es-PR", resolved!.Locale);
    }

    [Fact]
    public async Task Resolve_OnlyNeutralLanguageApproved_FallsBackToIt()
    {
        var name = UniqueName();
        await ApprovedAsync(name, "es");

        var resolved = await Catalog.ResolveAsync(name, Channel.Sms, "es-PR");

        Assert.Equal("es", resolved!.Locale);
    }

    [Fact]
    public async Task Resolve_ExactLocaleOnlyDraft_FallsBackToApprovedNeutral()
    {
        var name = UniqueName();
        await ApprovedAsync(name, "es");
        await Service.CreateAsync(Alice, new CreateTemplate(name, Channel.Sms, "es-PR", [], null, TemplateTestKit.GoodSms));

        var resolved = await Catalog.ResolveAsync(name, Channel.Sms, "es-PR");

        Assert.Equal("es", resolved!.Locale);
    }

    [Fact]
    public async Task Resolve_OtherLanguageOrRegionOnly_ReturnsNone()
    {
        var name = UniqueName();
        await ApprovedAsync(name, "en-US");
        await ApprovedAsync(name, "es-MX");

        Assert.Null(await Catalog.ResolveAsync(name, Channel.Sms, "es-PR"));
        Assert.Null(await Catalog.ResolveAsync(name, Channel.Sms, "fr"));
        Assert.Null(await Catalog.ResolveAsync(name, Channel.Email, "en-US"));
    }

    [Fact]
    public async Task List_AsOperations_OnlyApprovedTemplates()
    {
        var approvedName = UniqueName();
        await ApprovedAsync(approvedName);
        var draftName = UniqueName();
        await Service.CreateAsync(Alice, new CreateTemplate(draftName, Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));

        var forOps = await Service.ListAsync(Carol);
        var forLegal = await Service.ListAsync(Alice);

        Assert.Contains(forOps, t => t.Name == approvedName);
        Assert.DoesNotContain(forOps, t => t.Name == draftName);
        Assert.Contains(forLegal, t => t.Name == draftName);
    }

    [Fact]
    public async Task Create_AuditEntryCommittedWithTheVersion()
    {
        var created = await Service.CreateAsync(Alice, new CreateTemplate(UniqueName(), Channel.Sms, "en", [], null, TemplateTestKit.GoodSms));

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        var target = TemplateService.Target(created.Id, 1);
        var entry = await db.AuditEntries.SingleAsync(e => e.Target == target);
        Assert.Equal(("legal.alice", "Legal", "template.create"), (entry.Actor, entry.Role, entry.Action));
    }
}
