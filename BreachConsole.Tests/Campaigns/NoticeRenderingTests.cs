using BreachConsole.Core.Templates;
using BreachConsole.Tests.Templates;

namespace BreachConsole.Tests.Campaigns;

/// <summary>What dispatch renders: every approved demo version, with an incident's real facts (breach dates unknown).</summary>
public sealed class NoticeRenderingTests
{
    public static TheoryData<int> DemoVersions => [.. Enumerable.Range(0, TemplateDemoSeed.Set.Count)];

    [Theory]
    [MemberData(nameof(DemoVersions))]
    public async Task RenderAsync_DemoTemplateWithUnknownBreachDates_RendersForDispatch(int index)
    {
        var (channel, locale, jurisdictions, subject, body) = TemplateDemoSeed.Set[index];
        var template = new ResolvedTemplate(Guid.NewGuid(), TemplateDemoSeed.Name, channel, locale, 1, subject, body, "hash", jurisdictions);
        var model = NoticeModel.Sample with { BreachStart = null, BreachEnd = null, PreferencesUrl = "https://prefs.example/p/sealed" };

        var notice = await TemplateTestKit.Studio().RenderAsync(template, model);

        Assert.Contains("https://prefs.example/p/sealed", notice.Body, StringComparison.Ordinal);
        Assert.Equal(channel == Core.Dispatch.Channel.Email, notice.Subject is not null);
    }

    public static TheoryData<int> DemoEmails => [.. Enumerable.Range(0, TemplateDemoSeed.Set.Count).Where(i => TemplateDemoSeed.Set[i].Channel == Core.Dispatch.Channel.Email)];

    /// <summary>
    /// Cal. Civ. Code §1798.82(d)(2)(C): the breach date "if possible to determine". A demo email states the period it
    /// knows — both ends, the start of one still going on, or nothing — and never a sentence with empty dates.
    /// </summary>
    [Theory]
    [MemberData(nameof(DemoEmails))]
    public async Task RenderAsync_DemoEmail_StatesTheBreachPeriodAsFarAsItIsKnown(int index)
    {
        var (channel, locale, jurisdictions, subject, body) = TemplateDemoSeed.Set[index];
        var template = new ResolvedTemplate(Guid.NewGuid(), TemplateDemoSeed.Name, channel, locale, 1, subject, body, "hash", jurisdictions);
        var studio = TemplateTestKit.Studio();
        var start = new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero);
        string[] startText = ["October 20, 2026", "20/10/2026", "20.10.2026"];
        string[] endText = ["October 25, 2026", "25/10/2026", "25.10.2026"];

        var both = (await studio.RenderAsync(template, NoticeModel.Sample with { BreachStart = start, BreachEnd = end })).Body;
        var ongoing = (await studio.RenderAsync(template, NoticeModel.Sample with { BreachStart = start, BreachEnd = null })).Body;
        var unknown = (await studio.RenderAsync(template, NoticeModel.Sample with { BreachStart = null, BreachEnd = null })).Body;

        Assert.Contains(startText, t => both.Contains(t, StringComparison.Ordinal));
        Assert.Contains(endText, t => both.Contains(t, StringComparison.Ordinal));
        Assert.Contains(startText, t => ongoing.Contains(t, StringComparison.Ordinal));
        Assert.DoesNotContain(endText, t => ongoing.Contains(t, StringComparison.Ordinal));
        Assert.DoesNotContain(startText, t => unknown.Contains(t, StringComparison.Ordinal));
        Assert.True(unknown.Length < ongoing.Length, "with no period known, the period sentence is left out");
    }
}
