using System.Collections.Frozen;

namespace BreachConsole.Core.Templates;

/// <summary>One variable a template may use: its Liquid path, its kind and what it holds.</summary>
public sealed record TemplateVariable(string Path, string Kind, string Description, string Sample);

/// <summary>
/// The fixed variable model of a notice. This list is the whole vocabulary: a template naming anything else fails lint.
/// There is deliberately no variable for a full SSN, card, bank-account or ID number: a notice names the kinds of data
/// involved (<c>incident.data_elements</c>), never a customer's value.
/// </summary>
public sealed record NoticeModel(
    string CustomerFirstName,
    string IncidentTitle,
    string IncidentDescription,
    IReadOnlyList<string> DataElements,
    DateTimeOffset AwareAt,
    DateTimeOffset? BreachStart,
    DateTimeOffset? BreachEnd,
    DateTimeOffset NoticeDate,
    bool LawEnforcementDelay,
    string NoticeUrl,
    string OrgName,
    string OrgContact,
    string DpoContact,
    string PreferencesUrl,
    string SupportPhone,
    int IdentityProtectionMonths,
    string IdentityProtectionUrl)
{
    public static IReadOnlyList<TemplateVariable> Variables { get; } =
    [
        new("customer.first_name", "text", "The customer's first name.", "Maria"),
        new("incident.title", "text", "A short name of the incident.", "Payment card data exposure"),
        new("incident.description", "text", "A general description of what happened (the nature of the breach).",
            "An unauthorised party accessed a payment system."),
        new("incident.data_elements", "list of text", "The kinds of personal data involved, e.g. name, payment card number. Never the values.",
            "Name, Email address, Credit card number"),
        new("incident.aware_at", "date", "When the organisation discovered the breach (use with | date: \"%Y-%m-%d\").", "2026-11-28"),
        new("incident.breach_start", "date", "When the breach began (estimated); empty when unknown.", "2026-11-20"),
        new("incident.breach_end", "date", "When the breach ended (estimated); empty when unknown.", "2026-11-27"),
        new("notice.date", "date", "The date of this notice.", "2026-11-30"),
        new("notice.law_enforcement_delay", "true/false", "Whether law enforcement delayed this notice.", "false"),
        new("notice.url", "link", "The full written notice on the web (for SMS and voice, which point to it).", "https://notice.example.com/n/abc123"),
        new("org.name", "text", "The notifying organisation's name.", "Acme Bank"),
        new("org.contact", "text", "How to reach the organisation (postal address, email or web).", "privacy@acmebank.example, 1 Main St, Springfield"),
        new("dpo.contact", "text", "The data protection officer or other contact point (GDPR Art. 33(3)(b)).", "dpo@acmebank.example"),
        new("preferences_url", "link", "Where the customer changes how they are contacted. Required in every notice.", "https://prefs.example.com/p/abc123"),
        new("support_phone", "text", "The toll-free support line.", "+1 800 555 0100"),
        new("identity_protection.months", "number", "Months of free identity-theft protection offered (0 when none).", "24"),
        new("identity_protection.url", "link", "Where to enrol in identity-theft protection.", "https://idprotect.example.com/enrol"),
    ];

    /// <summary>Paths a template may name.</summary>
    public static FrozenSet<string> Paths { get; } = Variables.Select(v => v.Path).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Paths that hold a list (a template may also ask for their <c>size</c>, <c>first</c>, <c>last</c>).</summary>
    public static FrozenSet<string> ListPaths { get; } = Variables.Where(v => v.Kind.StartsWith("list", StringComparison.Ordinal))
        .Select(v => v.Path).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The data the preview and the lint render with (English; <see cref="SampleFor"/> for a template's language).</summary>
    public static NoticeModel Sample { get; } = new(
        "Maria",
        "Payment card data exposure",
        "An unauthorised party accessed a payment system.",
        Incidents.DataElements.LabelsOf(SampleElements, "en"),
        new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero),
        false,
        "https://notice.example.com/n/abc123",
        "Acme Bank",
        "privacy@acmebank.example, 1 Main St, Springfield",
        "dpo@acmebank.example",
        "https://prefs.example.com/p/abc123",
        "+1 800 555 0100",
        24,
        "https://idprotect.example.com/enrol");

    private static string[] SampleElements => ["Name", "Email", "CreditCard"];

    // The words of the sample a customer would read in their own language (name, incident, data elements); links,
    // numbers, dates and the organisation stay as configured for every language. Names stay within GSM-7, as most do.
    private static readonly IReadOnlyDictionary<string, NoticeModel> Samples = new Dictionary<string, NoticeModel>(StringComparer.Ordinal)
    {
        ["en"] = Sample,
        ["es"] = Sample with
        {
            CustomerFirstName = "Carmen",
            IncidentTitle = "Exposición de datos de tarjetas de pago",
            IncidentDescription = "Un tercero no autorizado accedió a un sistema de pagos.",
            DataElements = Incidents.DataElements.LabelsOf(SampleElements, "es"),
        },
        ["fr"] = Sample with
        {
            CustomerFirstName = "Camille",
            IncidentTitle = "Exposition de données de cartes de paiement",
            IncidentDescription = "Un tiers non autorisé a accédé à un système de paiement.",
            DataElements = Incidents.DataElements.LabelsOf(SampleElements, "fr"),
        },
        ["de"] = Sample with
        {
            CustomerFirstName = "Lukas",
            IncidentTitle = "Offenlegung von Zahlungskartendaten",
            IncidentDescription = "Eine unbefugte Person hat auf ein Zahlungssystem zugegriffen.",
            DataElements = Incidents.DataElements.LabelsOf(SampleElements, "de"),
        },
    };

    /// <summary>The sample in <paramref name="locale"/>'s language (<c>es-PR</c> reads Spanish); English for a language without one.</summary>
    public static NoticeModel SampleFor(string? locale) => Samples[SampleLanguageOf(locale)];

    /// <summary>The language <see cref="SampleFor"/> answers in for <paramref name="locale"/>: its own, or <c>en</c>.</summary>
    public static string SampleLanguageOf(string? locale) =>
        Common.LanguageTag.TryNormalize(locale, out var tag) && Samples.ContainsKey(Common.LanguageTag.Language(tag)) ? Common.LanguageTag.Language(tag) : "en";

    /// <summary>The Liquid scope: nested dictionaries, so the template sees exactly the documented paths.</summary>
    public IReadOnlyDictionary<string, object?> ToScope() => new Dictionary<string, object?>
    {
        ["customer"] = new Dictionary<string, object?> { ["first_name"] = CustomerFirstName },
        ["incident"] = new Dictionary<string, object?>
        {
            ["title"] = IncidentTitle,
            ["description"] = IncidentDescription,
            ["data_elements"] = DataElements.ToArray(),
            ["aware_at"] = AwareAt,
            // Unknown breach dates print as nothing: strict rendering refuses a nil value, and a notice must still go out.
            ["breach_start"] = BreachStart is { } start ? start : "",
            ["breach_end"] = BreachEnd is { } end ? end : "",
        },
        ["notice"] = new Dictionary<string, object?>
        {
            ["date"] = NoticeDate,
            ["law_enforcement_delay"] = LawEnforcementDelay,
            ["url"] = NoticeUrl,
        },
        ["org"] = new Dictionary<string, object?> { ["name"] = OrgName, ["contact"] = OrgContact },
        ["dpo"] = new Dictionary<string, object?> { ["contact"] = DpoContact },
        ["preferences_url"] = PreferencesUrl,
        ["support_phone"] = SupportPhone,
        ["identity_protection"] = new Dictionary<string, object?> { ["months"] = IdentityProtectionMonths, ["url"] = IdentityProtectionUrl },
    };
}
