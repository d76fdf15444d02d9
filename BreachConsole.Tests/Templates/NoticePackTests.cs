using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Templates;
using static BreachConsole.Tests.Templates.TemplateTestKit;

namespace BreachConsole.Tests.Templates;

/// <summary>
/// The content packs beyond GDPR, California and HIPAA's base (Colorado, Florida, Puerto Rico, New York, Delaware), the rules
/// conditional on the incident's data elements, and how phrases match (whole words, ß/ss, heading lines, text under headings).
/// </summary>
public sealed class NoticePackTests
{
    /// <summary>Rules these tests cover by removing what satisfies them (the rules-file coverage test reads this).</summary>
    public static IEnumerable<string> CoveredRules => PackMutations().Select(row => (string)row[1]).Concat(ConditionalRules().Select(row => (string)row[0]));

    internal static void AssertOnlyConditionalWarnings(TemplateCheck check)
    {
        Assert.DoesNotContain(check.Lint, f => f.Severity == LintSeverity.Error);
        Assert.All(check.Lint, f => Assert.StartsWith("Applies when the incident exposed", f.Message, StringComparison.Ordinal));
    }

    private const string Colorado = """
        <h1>Notice of Data Breach</h1>
        <p>{{ incident.description }} It happened between {{ incident.breach_start | date: "%Y-%m-%d" }} and {{ incident.breach_end | date: "%Y-%m-%d" }}.</p>
        <p>Information involved: {{ incident.data_elements | join: ", " }}. Contact us: {{ org.contact }}.</p>
        <p>Equifax, 1-800-685-1111, P.O. Box 740241, Atlanta, GA 30374, equifax.com. Experian, 1-888-397-3742, P.O. Box 9554, Allen, TX 75013, experian.com.
        TransUnion, 1-888-909-8872, P.O. Box 2000, Chester, PA 19016, transunion.com.</p>
        <p>Federal Trade Commission, 1-877-438-4338, 600 Pennsylvania Avenue NW, Washington, DC 20580, www.identitytheft.gov.
        You can learn from them about placing a fraud alert or a security freeze on your credit file.</p>
        <p>{{ preferences_url }}</p>
        """;

    private const string Florida = """
        <h1>Notice of Data Breach</h1>
        <p>Between {{ incident.breach_start | date: "%Y-%m-%d" }} and {{ incident.breach_end | date: "%Y-%m-%d" }} someone reached {{ incident.data_elements | join: ", " }}.</p>
        <p>Write to {{ org.contact }}. {{ preferences_url }}</p>
        """;

    private const string PuertoRico = """
        <h1>Aviso de violación de datos</h1>
        <p>{{ incident.description }} Información afectada: {{ incident.data_elements | join: ", " }}.</p>
        <p>Llame gratis al {{ support_phone }} o visite {{ notice.url }}. {{ preferences_url }}</p>
        """;

    private const string NewYork = """
        <h1>Notice of Data Breach</h1>
        <p>Information involved: {{ incident.data_elements | join: ", " }}. Contact us: {{ org.contact }}.</p>
        <p>New York Attorney General: 1-800-771-7755, ag.ny.gov. New York Department of State: 1-800-697-1220, dos.ny.gov.</p>
        <p>Federal Trade Commission: 1-877-438-4338, www.identitytheft.gov. {{ preferences_url }}</p>
        """;

    public static TheoryData<string, string, string[]> PackMutations() => new()
    {
        { "US-CO", "CO-breach-date", ["{{ incident.breach_start | date: \"%Y-%m-%d\" }}", "{{ incident.breach_end | date: \"%Y-%m-%d\" }}"] },
        { "US-CO", "CO-information-types", ["{{ incident.data_elements | join: \", \" }}"] },
        { "US-CO", "CO-contact", ["{{ org.contact }}"] },
        { "US-CO", "CO-credit-bureaus", ["TransUnion", "transunion.com"] },
        { "US-CO", "CO-ftc", ["Federal Trade Commission", "www.identitytheft.gov"] },
        { "US-CO", "CO-fraud-alert-freeze", ["security freeze"] },
        { "US-FL", "FL-breach-date", ["{{ incident.breach_start | date: \"%Y-%m-%d\" }}", "{{ incident.breach_end | date: \"%Y-%m-%d\" }}"] },
        { "US-FL", "FL-information-types", ["{{ incident.data_elements | join: \", \" }}"] },
        { "US-FL", "FL-contact", ["{{ org.contact }}"] },
        { "US-PR", "PR-description", ["{{ incident.description }}"] },
        { "US-PR", "PR-information-types", ["{{ incident.data_elements | join: \", \" }}"] },
        { "US-PR", "PR-toll-free", ["{{ support_phone }}"] },
        { "US-PR", "PR-website", ["{{ notice.url }}"] },
        { "US-NY", "NY-contact", ["{{ org.contact }}"] },
        { "US-NY", "NY-information-types", ["{{ incident.data_elements | join: \", \" }}"] },
        { "US-NY", "NY-state-agencies", ["New York Attorney General", "ag.ny.gov", "New York Department of State", "dos.ny.gov"] },
        { "US-NY", "NY-federal-agency", ["Federal Trade Commission", "www.identitytheft.gov"] },
    };

    private static (string Body, string Locale) Compliant(string jurisdiction) => jurisdiction switch
    {
        "US-CO" => (Colorado, "en-US"),
        "US-FL" => (Florida, "en-US"),
        "US-PR" => (PuertoRico, "es-PR"),
        "US-NY" => (NewYork, "en-US"),
        _ => throw new ArgumentOutOfRangeException(nameof(jurisdiction)),
    };

    [Theory]
    [InlineData("US-CO")]
    [InlineData("US-FL")]
    [InlineData("US-PR")]
    [InlineData("US-NY")]
    public async Task Lint_CompliantNoticeForThePack_NoFindings(string jurisdiction)
    {
        var (body, locale) = Compliant(jurisdiction);

        var check = await CheckAsync(Channel.Email, body, "Notice", locale, [jurisdiction], dataElements: ["Name"]);

        Assert.Empty(check.Lint);
    }

    [Theory]
    [MemberData(nameof(PackMutations))]
    public async Task Lint_PackNoticeMissingAnElement_ErrorForThatRule(string jurisdiction, string rule, string[] removed)
    {
        var (body, locale) = Compliant(jurisdiction);
        body = removed.Aggregate(body, (text, part) => text.Replace(part, "Section", StringComparison.Ordinal));

        var check = await CheckAsync(Channel.Email, body, "Notice", locale, [jurisdiction], dataElements: ["Name"]);

        var finding = Assert.Single(check.Lint, f => f.Rule == rule);
        Assert.Equal(LintSeverity.Error, finding.Severity);
    }

    [Fact]
    public async Task Lint_PuertoRicoTollFreeNumberWrittenOut_Accepted()
    {
        var body = PuertoRico.Replace("{{ support_phone }}", "1-888-555-0100", StringComparison.Ordinal);

        var check = await CheckAsync(Channel.Email, body, "Aviso", "es-PR", ["US-PR"], dataElements: ["Name"]);

        Assert.DoesNotContain(check.Lint, f => f.Rule == "PR-toll-free");
    }

    [Theory]
    [InlineData("+1 303 555 0100", true)]
    [InlineData("1-800-555-0100", false)]
    [InlineData("(877) 555-0100", false)]
    public async Task Lint_HipaaContact_NeedsATollFreeNumber(string number, bool finding)
    {
        var body = CompliantEmail.Replace("{{ support_phone }}", number, StringComparison.Ordinal);

        var check = await CheckAsync(Channel.Email, body, EmailSubject, jurisdictions: ["US-HIPAA"]);

        Assert.Equal(finding, check.Lint.Any(f => f.Rule == "HIPAA-contact"));
    }

    /// <summary>Rule, jurisdiction, the data element that triggers it, and the text that satisfies it (removed to fail).</summary>
    public static TheoryData<string, string, string, string> ConditionalRules() => new()
    {
        { "CA-credit-bureaus", "US-CA", "SSN", "<p>Equifax 1-800-685-1111, Experian 1-888-397-3742, TransUnion 1-888-909-8872.</p>" },
        { "CA-identity-protection", "US-CA", "DriversLicense", "<p>Enrol in {{ identity_protection.months }} months of identity protection.</p>" },
        { "CA-password-change", "US-CA", "Credentials", "<p>Please change your password now.</p>" },
        { "DE-credit-monitoring", "US-DE", "SSN", "<p>Enrol in one year of free credit monitoring: {{ identity_protection.url }}</p>" },
        { "CO-password-change", "US-CO", "Credentials", "<p>Please reset your password now.</p>" },
    };

    [Theory]
    [MemberData(nameof(ConditionalRules))]
    public async Task Lint_ConditionalRule_ErrorOnlyWhenTheIncidentExposedTheElement(string rule, string jurisdiction, string element, string satisfying)
    {
        var without = await CheckAsync(Channel.Email, CompliantEmail, EmailSubject, jurisdictions: [jurisdiction], dataElements: [element]);
        var with = await CheckAsync(Channel.Email, CompliantEmail.Replace("<h2>For More Information</h2>", satisfying + "<h2>For More Information</h2>", StringComparison.Ordinal),
            EmailSubject, jurisdictions: [jurisdiction], dataElements: [element]);
        var notExposed = await CheckAsync(Channel.Email, CompliantEmail, EmailSubject, jurisdictions: [jurisdiction], dataElements: ["Name", "Email"]);
        var unknown = await CheckAsync(Channel.Email, CompliantEmail, EmailSubject, jurisdictions: [jurisdiction]);

        Assert.Equal(LintSeverity.Error, Assert.Single(without.Lint, f => f.Rule == rule).Severity);
        Assert.DoesNotContain(with.Lint, f => f.Rule == rule);
        Assert.DoesNotContain(notExposed.Lint, f => f.Rule == rule);
        Assert.Equal(LintSeverity.Warning, Assert.Single(unknown.Lint, f => f.Rule == rule).Severity);
    }

    private const string German = """
        <h1>Hinweis</h1>
        <h2>Was ist passiert</h2><p>{{ incident.description }}</p>
        <h2>CONSEQUENCES</h2><p>Jemand könnte Ihre Karte nutzen.</p>
        <h2>Was wir tun</h2><p>Wir haben die Karten gesperrt.</p>
        <p>{{ dpo.contact }} {{ preferences_url }}</p>
        """;

    [Fact]
    public async Task Lint_GermanFolgenden_DoesNotCountAsFolgen()
    {
        var body = German.Replace("CONSEQUENCES", "Die folgenden Daten", StringComparison.Ordinal);

        var check = await CheckAsync(Channel.Email, body, "Hinweis", "de-DE", ["EU"]);

        Assert.Contains(check.Lint, f => f.Rule == "GDPR-34-consequences");
    }

    [Fact]
    public async Task Lint_GermanFolgenAsAWholeWord_Counts()
    {
        var check = await CheckAsync(Channel.Email, German.Replace("CONSEQUENCES", "Mögliche Folgen", StringComparison.Ordinal), "Hinweis", "de-DE", ["EU"]);

        Assert.Empty(check.Lint);
    }

    [Theory]
    [InlineData("Massnahmen")]
    [InlineData("MASSNAHMEN")]
    [InlineData("Maßnahmen")]
    public async Task Lint_SharpSAndSs_AreTheSameLetters(string heading)
    {
        var body = German.Replace("CONSEQUENCES", "Mögliche Folgen", StringComparison.Ordinal).Replace("Was wir tun", heading, StringComparison.Ordinal);

        var check = await CheckAsync(Channel.Email, body, "Hinweis", "de-DE", ["EU"]);

        Assert.DoesNotContain(check.Lint, f => f.Rule == "GDPR-34-measures");
    }

    [Fact]
    public async Task Lint_HeadingWordsOnlyInAParagraph_DoNotCountAsTheHeading()
    {
        var body = CompliantEmail.Replace("<h2>What You Can Do</h2>", "<p>Here is what you can do.</p>", StringComparison.Ordinal);

        var check = await CheckAsync(Channel.Email, body, EmailSubject, jurisdictions: ["US-CA"]);

        Assert.Contains(check.Lint, f => f.Rule == "CA-heading-what-you-can-do");
    }

    [Fact]
    public async Task Lint_DescribeHeadingWithNothingUnderIt_Error()
    {
        var body = CompliantEmail.Replace("<p>Someone could try to use your card.</p>", "", StringComparison.Ordinal);

        var check = await CheckAsync(Channel.Email, body, EmailSubject, jurisdictions: ["EU"]);

        Assert.Contains(check.Lint, f => f.Rule == "GDPR-34-consequences");
    }

    [Fact]
    public async Task Lint_PlainTextHeadingLines_CountOnlyAsWholeLinesWithProseUnderThem()
    {
        const string body = "What happened\n{{ incident.description }}\nLikely consequences:\nSomeone could use your card.\nWhat we are doing\n"
            + "Contact {{ dpo.contact }}. {{ preferences_url }}";
        var noHeading = body.Replace("What we are doing\n", "We explain what we are doing below.\n", StringComparison.Ordinal);

        var good = await CheckAsync(Channel.Email, body, "Notice", jurisdictions: ["EU"]);
        var bad = await CheckAsync(Channel.Email, noHeading, "Notice", jurisdictions: ["EU"]);

        Assert.Empty(good.Lint);
        Assert.Contains(bad.Lint, f => f.Rule == "GDPR-34-measures");
    }

    [Fact]
    public async Task Lint_CaliforniaHeadingsAsPlainText_NotConspicuous()
    {
        var body = CompliantEmail.Replace("<h2>", "<p>", StringComparison.Ordinal).Replace("</h2>", "</p>", StringComparison.Ordinal)
            .Replace("<h1>", "<p>", StringComparison.Ordinal).Replace("</h1>", "</p>", StringComparison.Ordinal);

        var check = await CheckAsync(Channel.Email, body, EmailSubject, jurisdictions: ["US-CA"]);

        Assert.Contains(check.Lint, f => f.Rule == "CA-conspicuous");
    }
}
