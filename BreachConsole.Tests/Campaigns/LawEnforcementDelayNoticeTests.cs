using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Templates;

namespace BreachConsole.Tests.Campaigns;

/// <summary>
/// Cal. Civ. Code §1798.82(d)(2)(D): a notice says whether a law-enforcement investigation delayed it. Dispatch takes the
/// answer from the incident's recorded delays (a delay without jurisdictions covers all of them), never a constant.
/// </summary>
public sealed class LawEnforcementDelayNoticeTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private static Incident With(params IncidentDelay[] delays) =>
        new() { Title = "Card data exposure", CreatedBy = "ops.carol", Jurisdictions = ["EU", "US-CA"], Delays = [.. delays] };

    private static IncidentDelay Delay(IncidentDelayKind kind, params string[] jurisdictions) =>
        new(Guid.NewGuid(), kind, kind == IncidentDelayKind.LawEnforcement ? "FBI field office" : null, At, At.AddDays(10),
            kind == IncidentDelayKind.FloridaExtension ? "forensics" : null, jurisdictions, "ops.carol", At);

    [Fact]
    public void NoDelay_NotDelayed() => Assert.False(With().DelayedByLawEnforcement(["EU", "US-CA"]));

    [Fact]
    public void LawEnforcementDelayForEveryJurisdiction_Delayed() =>
        Assert.True(With(Delay(IncidentDelayKind.LawEnforcement)).DelayedByLawEnforcement(["EU"]));

    [Fact]
    public void LawEnforcementDelayForAnotherJurisdiction_NotDelayed() =>
        Assert.False(With(Delay(IncidentDelayKind.LawEnforcement, "US-CA")).DelayedByLawEnforcement(["EU"]));

    [Fact]
    public void LawEnforcementDelayForOneOfTheTemplatesJurisdictions_Delayed() =>
        Assert.True(With(Delay(IncidentDelayKind.LawEnforcement, "US-CA")).DelayedByLawEnforcement(["EU", "US-CA"]));

    [Fact]
    public void FloridaExtension_IsNotALawEnforcementDelay() =>
        Assert.False(With(Delay(IncidentDelayKind.FloridaExtension)).DelayedByLawEnforcement(["EU", "US-CA"]));

    [Fact]
    public async Task DemoEmail_UnderALawEnforcementDelay_SaysItWasDelayed()
    {
        var (channel, locale, jurisdictions, subject, body) = TemplateDemoSeed.Set.First(t => t.Channel == Channel.Email && t.Locale == "en-US");
        var template = new ResolvedTemplate(Guid.NewGuid(), TemplateDemoSeed.Name, channel, locale, 1, subject, body, "hash", jurisdictions);
        var incident = With(Delay(IncidentDelayKind.LawEnforcement));

        var notice = await TemplateTestKit.Studio().RenderAsync(template,
            NoticeModel.Sample with { LawEnforcementDelay = incident.DelayedByLawEnforcement(jurisdictions) });

        Assert.Contains("A law-enforcement investigation delayed this notice.", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("not delayed by law enforcement", notice.Body, StringComparison.Ordinal);
    }
}
