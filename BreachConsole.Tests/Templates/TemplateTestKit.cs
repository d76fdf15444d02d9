using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Templates;
using Microsoft.Extensions.Options;

namespace BreachConsole.Tests.Templates;

/// <summary>The studio wired as the app wires it, without a host: real Fluid, real embedded rules file.</summary>
public static class TemplateTestKit
{
    public static NoticeRuleBook Rules { get; } = NoticeRuleBook.LoadEmbedded();

    public static TemplateStudio Studio(TemplatesOptions? options = null) =>
        new(new LiquidTemplates(), new TemplateLintValidator(Rules, Options.Create(options ?? new TemplatesOptions())));

    public static Task<TemplateCheck> CheckAsync(Channel channel, string body, string? subject = null, string locale = "en-US",
        IReadOnlyList<string>? jurisdictions = null, TemplatesOptions? options = null, IReadOnlyList<string>? dataElements = null) =>
        Studio(options).CheckAsync(channel, locale, jurisdictions ?? [], subject, body, dataElements);

    public const string GoodSms = "{{ org.name }}: we sent you an important notice about your data: {{ notice.url }} Preferences: {{ preferences_url }}";

    public const string EmailSubject = "Notice of Data Breach";

    /// <summary>An English email meeting every rule of the GDPR, California and HIPAA packs.</summary>
    public const string CompliantEmail = """
        <h1>Notice of Data Breach</h1>
        <p>Dear {{ customer.first_name }},</p>
        <h2>What Happened</h2>
        <p>{{ incident.description }} It took place between {{ incident.breach_start | date: "%Y-%m-%d" }} and {{ incident.breach_end | date: "%Y-%m-%d" }}; we discovered it on {{ incident.aware_at | date: "%Y-%m-%d" }}.{% if notice.law_enforcement_delay %} Law enforcement asked us to delay this notice.{% else %} This notice was not delayed by law enforcement.{% endif %}</p>
        <h2>What Information Was Involved</h2>
        <p>{{ incident.data_elements | join: ", " }}</p>
        <h2>What We Are Doing</h2>
        <p>We contained the incident and reset the affected systems.</p>
        <h2>Likely consequences</h2>
        <p>Someone could try to use your card.</p>
        <h2>What You Can Do</h2>
        <p>Watch your statements.</p>
        <h2>For More Information</h2>
        <p>Call {{ support_phone }} or write to {{ org.contact }}. Our data protection officer: {{ dpo.contact }}.</p>
        <p>Date of this notice: {{ notice.date | date: "%Y-%m-%d" }}. Change how we contact you: {{ preferences_url }}</p>
        """;

    public static IReadOnlyList<string> AllPacks { get; } = ["EU", "US-CA", "US-HIPAA"];
}
