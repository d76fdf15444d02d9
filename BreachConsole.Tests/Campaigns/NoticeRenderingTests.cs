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
}
