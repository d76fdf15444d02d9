using BreachConsole.Core.Campaigns;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Preferences;
using Microsoft.Extensions.Options;

namespace BreachConsole.Tests.Campaigns;

/// <summary>The per-contact rules of preflight (issue 9): preferences, channel, residency, template choice.</summary>
public sealed class AudienceClassifierTests
{
    private static readonly TemplateRef SmsEn = new(Guid.NewGuid(), Guid.NewGuid(), 1, "en-US", "h1");
    private static readonly TemplateRef SmsEs = new(Guid.NewGuid(), Guid.NewGuid(), 1, "es", "h2");
    private static readonly TemplateRef EmailEn = new(Guid.NewGuid(), Guid.NewGuid(), 1, "en-US", "h3");
    private static readonly TemplateRef EmailDe = new(Guid.NewGuid(), Guid.NewGuid(), 1, "de-DE", "h4");

    private static readonly TemplateMap Templates = new(new Dictionary<(Channel, string), TemplateRef>
    {
        [(Channel.Sms, "en-US")] = SmsEn,
        [(Channel.Sms, "es")] = SmsEs,
        [(Channel.Email, "en-US")] = EmailEn,
        [(Channel.Email, "de-DE")] = EmailDe,
    });

    private static AudienceClassifier Classifier(ResidencyOptions? residency = null, RoutesOptions? routes = null, params Channel[] fallback) =>
        new(null!, null!, new ChannelRouting(Options.Create(residency ?? new ResidencyOptions()), Options.Create(routes ?? new RoutesOptions()),
            Options.Create(new DispatchOptions { ChannelFallback = [.. fallback] })));

    private static ContactFacts Us(Channel channel = Channel.Sms, bool email = true, bool phone = true, string locale = "en-US", string country = "US") =>
        new(1, "tok-1", country, locale, channel, email, phone);

    private static PreferenceSnapshot Pref(bool marketing = false, bool service = false, Channel? channel = null, string? language = null) =>
        new("tok-1", marketing, service, channel, language);

    [Theory]
    [InlineData(false, false, DecisionKind.Send)]
    [InlineData(true, false, DecisionKind.Send)]
    [InlineData(false, true, DecisionKind.Suppressed)]
    [InlineData(true, true, DecisionKind.Suppressed)]
    public void Decide_OptOuts_OnlyAServiceAlertOptOutSuppressesABreachNotice(bool marketing, bool service, DecisionKind expected)
    {
        var decision = Classifier().Decide(Us(), Pref(marketing, service), Templates);

        Assert.Equal(expected, decision.Kind);
        Assert.Equal(expected == DecisionKind.Suppressed ? ExceptionReasons.ServiceAlertsOptOut : null, decision.Reason);
    }

    [Fact]
    public void Decide_PreferredChannelWithoutAddress_FallsBackInConfiguredOrder()
    {
        var decision = Classifier(fallback: [Channel.Email, Channel.Sms, Channel.Voice]).Decide(Us(Channel.Sms, email: true, phone: false), Pref(), Templates);

        Assert.Equal(DecisionKind.Send, decision.Kind);
        Assert.Equal(Channel.Email, decision.Channel);
        Assert.Same(EmailEn, decision.Template);
    }

    [Fact]
    public void Decide_PreferenceChannelOverridesTheImportedOne()
    {
        var decision = Classifier().Decide(Us(Channel.Sms), Pref(channel: Channel.Email), Templates);

        Assert.Equal(Channel.Email, decision.Channel);
    }

    [Fact]
    public void Decide_NoAddressOnAnyChannel_IsBlockedNoRoute()
    {
        var decision = Classifier().Decide(Us(email: false, phone: false), Pref(), Templates);

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(ExceptionReasons.NoRoute, decision.Reason);
    }

    [Fact]
    public void Decide_ResidencyClosesSms_ReroutesToAnAllowedEmailProvider()
    {
        var residency = new ResidencyOptions { Regions = { ["EU"] = new ResidencyRegion { Countries = ["DE"], AllowedSmsCarriers = ["EuCarrier"] } } };

        var decision = Classifier(residency, fallback: [Channel.Email, Channel.Sms, Channel.Voice])
            .Decide(Us(Channel.Sms, locale: "de-DE", country: "DE"), Pref(), Templates);

        Assert.Equal(DecisionKind.Send, decision.Kind);
        Assert.Equal(Channel.Email, decision.Channel);
        Assert.Same(EmailDe, decision.Template);
    }

    [Fact]
    public void Decide_ResidencyClosesEveryChannelWithAnAddress_IsBlockedResidency()
    {
        var residency = new ResidencyOptions
        {
            Regions = { ["EU"] = new ResidencyRegion { Countries = ["DE"], AllowedSmsCarriers = ["EuCarrier"], AllowedEmailProviders = ["EuMail"], AllowedVoiceCarriers = [] } },
        };

        var decision = Classifier(residency).Decide(Us(Channel.Sms, locale: "de-DE", country: "DE"), Pref(), Templates);

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(ExceptionReasons.Residency, decision.Reason);
    }

    [Fact]
    public void Decide_RouteNamedInTheAllowlist_StaysOnThePreferredChannel()
    {
        var residency = new ResidencyOptions { Regions = { ["EU"] = new ResidencyRegion { Countries = ["DE"], AllowedSmsCarriers = ["EuCarrier"] } } };
        var routes = new RoutesOptions { Sms = { Carrier = "eucarrier" } };

        var decision = Classifier(residency, routes).Decide(Us(Channel.Sms, locale: "es", country: "DE"), Pref(), Templates);

        Assert.Equal(Channel.Sms, decision.Channel);
        Assert.Same(SmsEs, decision.Template);
    }

    [Fact]
    public void Decide_ExactLocaleMissing_UsesTheNeutralLanguage()
    {
        var decision = Classifier().Decide(Us(locale: "es-PR"), Pref(), Templates);

        Assert.Same(SmsEs, decision.Template);
        Assert.Equal("es-PR", decision.Locale);
    }

    [Fact]
    public void Decide_NoTemplateInTheContactsLanguage_IsAGapNeverAnotherLanguage()
    {
        var decision = Classifier().Decide(Us(locale: "fr-FR"), Pref(), Templates);

        Assert.Equal(DecisionKind.MissingTemplate, decision.Kind);
        Assert.Null(decision.Template);
        Assert.Equal(Channel.Sms, decision.Channel);
    }

    [Fact]
    public void Decide_PreferredLanguageFromPreferences_ChoosesTheTemplate()
    {
        var decision = Classifier().Decide(Us(locale: "en-US"), Pref(language: "es"), Templates);

        Assert.Same(SmsEs, decision.Template);
    }
}
