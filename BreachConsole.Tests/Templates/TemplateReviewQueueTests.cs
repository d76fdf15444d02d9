using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Templates;

/// <summary>The Overview's review queue and the templates page's uncovered locales, computed in Core (issue 13).</summary>
public sealed class TemplateReviewQueueTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private static readonly Actor Alice = new("legal.alice", [Roles.Legal]);
    private static readonly Actor Bob = new("legal.bob", [Roles.Legal]);
    private static readonly Actor Carol = new("ops.carol", [Roles.Operations]);

    private TemplateService Service => factory.Services.GetRequiredService<TemplateService>();

    private async Task<Guid> DraftAsync(Actor author, string locale = "es-PR", Channel channel = Channel.Sms) =>
        (await Service.CreateAsync(author, new CreateTemplate($"Queue {Guid.NewGuid():N}", channel, locale, [], null, TemplateTestKit.GoodSms))).Id;

    private async Task<Guid> SubmittedAsync(Actor author)
    {
        var id = await DraftAsync(author);
        await Service.SubmitAsync(author, id);
        return id;
    }

    private static List<(Guid, int)> Of(IReadOnlyList<ReviewQueueItem> items, params Guid[] ours) =>
        [.. items.Where(i => ours.Contains(i.TemplateId)).Select(i => (i.TemplateId, i.Version))];

    [Fact]
    public async Task Queue_EachLawyer_SeesWhatTheyMayReviewTheirOwnInReviewAndTheirRejected()
    {
        var alicesInReview = await SubmittedAsync(Alice);
        var bobsInReview = await SubmittedAsync(Bob);
        var alicesRejected = await SubmittedAsync(Alice);
        await Service.RejectAsync(Bob, alicesRejected, new ReviewTemplate("Say what data was involved.", 1));
        var alicesDraft = await DraftAsync(Alice);
        Guid[] ours = [alicesInReview, bobsInReview, alicesRejected, alicesDraft];

        var alice = await Service.ReviewQueueAsync(Alice);
        var bob = await Service.ReviewQueueAsync(Bob);

        Assert.Equal([(bobsInReview, 1)], Of(alice.WaitingForMe, ours));
        Assert.Equal([(alicesInReview, 1)], Of(alice.MineWaitingForOthers, ours));
        Assert.Equal([(alicesRejected, 1)], Of(alice.MineRejected, ours));
        var rejected = alice.MineRejected.Single(i => i.TemplateId == alicesRejected);
        Assert.Equal(("legal.bob", "Say what data was involved."), (rejected.RejectedBy, rejected.ReviewComment));

        Assert.Equal([(alicesInReview, 1)], Of(bob.WaitingForMe, ours));
        Assert.Equal([(bobsInReview, 1)], Of(bob.MineWaitingForOthers, ours));
        Assert.Empty(Of(bob.MineRejected, ours));
    }

    [Fact]
    public async Task Queue_RejectedVersionSupersededByANewDraft_NoLongerNeedsChanges()
    {
        var id = await SubmittedAsync(Alice);
        await Service.RejectAsync(Bob, id, new ReviewTemplate("Shorter, please.", 1));

        await Service.EditAsync(Alice, id, new EditTemplate(null, TemplateTestKit.GoodSms + " ", null));

        Assert.Empty(Of((await Service.ReviewQueueAsync(Alice)).MineRejected, id));
    }

    [Fact]
    public async Task Queue_ColleaguesVersionWithMyEditsSinceTheLastApproval_WaitsForOthersNotForMe()
    {
        // Alice wrote v1, Bob saved v2 and submitted it: Alice wrote part of what v2 changes, so she may not review it.
        var id = await DraftAsync(Alice);
        await Service.EditAsync(Bob, id, new EditTemplate(null, TemplateTestKit.GoodSms + " ", null));
        await Service.SubmitAsync(Bob, id);

        var alice = await Service.ReviewQueueAsync(Alice);

        Assert.Empty(Of(alice.WaitingForMe, id));
        Assert.Equal([(id, 2)], Of(alice.MineWaitingForOthers, id));
    }

    [Fact]
    public async Task Queue_Operations_Forbidden() =>
        await Assert.ThrowsAsync<ForbiddenException>(() => Service.ReviewQueueAsync(Carol));

    [Fact]
    public async Task UncoveredLocales_OpenIncidentsContacts_ListsLocalesNoApprovedTemplateServesWithCounts()
    {
        var ops = factory.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        var csv = $"{ContactsApi.Header}\n"
            + $"{ContactsApi.Row("G-1", language: "fi-FI", channel: "Sms")}\n"
            + $"{ContactsApi.Row("G-2", language: "sv-SE", channel: "Voice")}\n"
            + $"{ContactsApi.Row("G-3", language: "sv-SE", channel: "Voice")}\n";
        (await ContactsApi.PostCsvAsync(ops, incident, csv)).EnsureSuccessStatusCode();
        var before = await Service.UncoveredLocalesAsync(Carol);

        // A neutral 'fi' SMS template serves fi-FI: the gap closes once it is approved.
        var fi = await DraftAsync(Alice, "fi", Channel.Sms);
        await Service.SubmitAsync(Alice, fi);
        await Service.ApproveAsync(Bob, fi, new ReviewTemplate(Version: 1));
        var after = await Service.UncoveredLocalesAsync(Carol);

        Assert.Contains(new LocaleGap("fi-FI", Channel.Sms, 1, 1), before);
        Assert.Contains(new LocaleGap("sv-SE", Channel.Voice, 2, 1), before);
        Assert.DoesNotContain(after, g => g.Locale == "fi-FI" && g.Channel == Channel.Sms);
        Assert.Contains(new LocaleGap("sv-SE", Channel.Voice, 2, 1), after);
    }
}
