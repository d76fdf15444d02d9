using BreachConsole.Components.Pages.Templates;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Templates;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace BreachConsole.Tests.Web;

/// <summary>The editor's live preview, SMS counter and lint panel, rendered by bUnit with the real studio.</summary>
public sealed class TemplateEditorTests : BunitContext, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();

    public TemplateEditorTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(TemplateTestKit.Studio());
        Services.AddSingleton<TimeProvider>(_time);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are async-disposable only.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private IRenderedComponent<TemplateEditor> RenderEditor(Channel channel, string body, string? subject = null, string locale = "es-PR") =>
        Render<TemplateEditor>(p => p
            .Add(e => e.Channel, channel)
            .Add(e => e.Locale, locale)
            .Add(e => e.Subject, subject)
            .Add(e => e.Body, body));

    [Fact]
    public void LintPanel_SmsWithoutPreferencesLink_ShowsTheRuleAndBlocks()
    {
        var cut = RenderEditor(Channel.Sms, "Hola {{ customer.first_name }}");

        var panel = cut.Find("[data-testid=lint-panel]");
        Assert.Equal("true", panel.GetAttribute("data-blocking"));
        Assert.Contains(cut.FindAll("[data-testid=lint-item]"), i => i.GetAttribute("data-rule") == "preferences-link");
    }

    [Fact]
    public void LintPanel_AuthorTypesTheLink_ClearsLive()
    {
        var cut = RenderEditor(Channel.Sms, "Hola {{ customer.first_name }}");

        cut.Find("textarea[data-testid=template-body]").Input("Hola {{ customer.first_name }} {{ preferences_url }}");
        _time.Advance(TemplateEditor.RecheckDebounce);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=lint-ok]")));
        Assert.Equal("false", cut.Find("[data-testid=lint-panel]").GetAttribute("data-blocking"));
    }

    [Fact]
    public void Preview_SmsBody_RendersSampleDataWithEncodingAndSegments()
    {
        var cut = RenderEditor(Channel.Sms, "Hola {{ customer.first_name }}: {{ preferences_url }}");

        Assert.Equal("Hola Carmen: https://prefs.example.com/p/abc123", cut.Find("[data-testid=template-preview-body]").TextContent);
        Assert.Equal("Preview with sample data in Spanish", cut.Find("[data-testid=preview-language]").TextContent);
        Assert.Equal("GSM-7", cut.Find("[data-testid=sms-encoding]").TextContent.Trim());
        Assert.Equal("1", cut.Find("[data-testid=sms-segments]").GetAttribute("data-segments"));
    }

    [Fact]
    public void Preview_TypingAnAccentOutsideGsm7_SwitchesCounterToUcs2()
    {
        var cut = RenderEditor(Channel.Sms, "Hola {{ preferences_url }}");

        cut.Find("textarea[data-testid=template-body]").Input("Información " + new string('a', 60) + " {{ preferences_url }}");
        _time.Advance(TemplateEditor.RecheckDebounce);

        cut.WaitForAssertion(() => Assert.Equal("UCS-2", cut.Find("[data-testid=sms-encoding]").TextContent.Trim()));
        Assert.Equal("2", cut.Find("[data-testid=sms-segments]").GetAttribute("data-segments"));
        Assert.Contains("ó", cut.Find("[data-testid=sms-ucs2-culprits]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_UnknownVariable_NoPreviewAndLintNamesIt()
    {
        var cut = RenderEditor(Channel.Sms, "{{ customer.card_number }} {{ preferences_url }}");

        Assert.NotNull(cut.Find("[data-testid=template-preview-empty]"));
        var item = Assert.Single(cut.FindAll("[data-testid=lint-item]"));
        Assert.Equal(LiquidTemplates.UnknownVariableRule, item.GetAttribute("data-rule"));
        Assert.Contains("customer.card_number", item.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_SyntaxError_LintShowsLine()
    {
        var cut = RenderEditor(Channel.Sms, "Hola\n{% if x %}");

        var item = Assert.Single(cut.FindAll("[data-testid=lint-item]"));
        Assert.Equal("liquid-syntax", item.GetAttribute("data-rule"));
        Assert.Contains("line 2", item.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_Email_RendersInSandboxedFrameWithEncodedValues()
    {
        var cut = RenderEditor(Channel.Email, "<p>{{ org.name }} {{ preferences_url }}</p>", subject: "Aviso de {{ org.name }}", locale: "es");

        var frame = cut.Find("iframe[data-testid=template-preview-body]");
        Assert.Equal("", frame.GetAttribute("sandbox"));
        Assert.Equal("<p>Acme Bank https://prefs.example.com/p/abc123</p>", frame.GetAttribute("srcdoc"));
        Assert.Equal("Aviso de Acme Bank", cut.Find("[data-testid=template-preview-subject]").TextContent);
    }

    [Fact]
    public void Jurisdictions_AddedAfterTyping_RechecksWithoutLosingTheText()
    {
        var cut = RenderEditor(Channel.Email, "<p>{{ preferences_url }}</p>", subject: "Notice", locale: "en-US");
        cut.Find("textarea[data-testid=template-body]").Input("<p>Typed {{ preferences_url }}</p>");

        cut.Render(p => p.Add(e => e.Jurisdictions, ["EU"]));

        Assert.Contains(cut.FindAll("[data-testid=lint-item]"), i => i.GetAttribute("data-rule") == "GDPR-34-contact");
        Assert.Contains("Typed", cut.Find("iframe[data-testid=template-preview-body]").GetAttribute("srcdoc"), StringComparison.Ordinal);
    }

    [Fact]
    public void Typing_EveryKeystroke_RendersOnlyOnceTheAuthorPauses()
    {
        var cut = RenderEditor(Channel.Sms, TemplateTestKit.GoodSms);
        var before = cut.Find("[data-testid=sms-segments]").GetAttribute("data-segments");
        var body = cut.Find("textarea[data-testid=template-body]");

        body.Input(new string('a', 200) + " {{ preferences_url }}");
        _time.Advance(TemplateEditor.RecheckDebounce / 2);
        body.Input(new string('a', 400) + " {{ preferences_url }}");
        _time.Advance(TemplateEditor.RecheckDebounce / 2);

        // Still typing: the preview has not re-rendered on each keystroke.
        Assert.Equal(before, cut.Find("[data-testid=sms-segments]").GetAttribute("data-segments"));

        _time.Advance(TemplateEditor.RecheckDebounce);

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=sms-segments]").GetAttribute("data-segments")));
    }

    [Fact]
    public void ReadOnly_ApprovedText_InputsCannotBeEdited()
    {
        var cut = Render<TemplateEditor>(p => p.Add(e => e.Channel, Channel.Sms).Add(e => e.Body, TemplateTestKit.GoodSms).Add(e => e.ReadOnly, true));

        Assert.True(cut.Find("textarea[data-testid=template-body]").HasAttribute("readonly"));
    }
}
