using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Templates;
using static BreachConsole.Tests.Templates.TemplateTestKit;

namespace BreachConsole.Tests.Templates;

public sealed class TemplateLintTests
{
    [Theory]
    [InlineData(Channel.Sms)]
    [InlineData(Channel.Voice)]
    [InlineData(Channel.Email)]
    public async Task Lint_PreferencesUrlPresent_NoPreferencesFinding(Channel channel)
    {
        var check = await CheckAsync(channel, "Hello {{ customer.first_name }}. {{ preferences_url }}", channel == Channel.Email ? "Notice" : null);

        Assert.DoesNotContain(check.Lint, f => f.Rule == TemplateLintValidator.PreferencesRule);
        Assert.False(check.Blocking);
    }

    [Theory]
    [InlineData(Channel.Sms)]
    [InlineData(Channel.Voice)]
    [InlineData(Channel.Email)]
    public async Task Lint_PreferencesUrlMissing_BlockingError(Channel channel)
    {
        var check = await CheckAsync(channel, "Hello {{ customer.first_name }}.", channel == Channel.Email ? "Notice" : null);

        var finding = Assert.Single(check.Lint, f => f.Rule == TemplateLintValidator.PreferencesRule);
        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.True(check.Blocking);
    }

    [Theory]
    [InlineData(Channel.Email)]
    [InlineData(Channel.Sms)]
    [InlineData(Channel.Voice)]
    public async Task Lint_EveryFindingOfEveryPack_CitesTheLawNeverAnInternalFile(Channel channel)
    {
        // Every rule of every pack fails (and every conditional one is a warning): each finding's source is what Legal reads.
        var everywhere = Rules.Packs.SelectMany(p => p.Jurisdictions).Distinct().ToList();

        var check = await CheckAsync(channel, "Hello.", channel == Channel.Email ? "Hello" : null, jurisdictions: everywhere);

        Assert.Contains(check.Lint, f => f.Rule == TemplateLintValidator.PreferencesRule && f.Source is not null);
        Assert.All(check.Lint, f =>
        {
            Assert.DoesNotMatch(@"\.(json|md|cs|razor)\b", f.Source ?? "");
            Assert.DoesNotMatch(@"\.(json|md|cs|razor)\b", f.Message);
        });
    }

    [Fact]
    public async Task Lint_PreferencesUrlOnlyInsideAComment_StillMissing()
    {
        var check = await CheckAsync(Channel.Sms, "Hi {% comment %}{{ preferences_url }}{% endcomment %}");

        Assert.Contains(check.Lint, f => f.Rule == TemplateLintValidator.PreferencesRule);
    }

    [Fact]
    public async Task Lint_PreferencesUrlOnlyInABranchNeverTaken_StillMissing()
    {
        var check = await CheckAsync(Channel.Sms, "Hi {% if notice.law_enforcement_delay %}{{ preferences_url }}{% endif %}");

        Assert.Contains(check.Lint, f => f.Rule == TemplateLintValidator.PreferencesRule);
    }

    [Fact]
    public async Task Lint_EmailWithSubject_NoSubjectFinding()
    {
        var check = await CheckAsync(Channel.Email, "{{ preferences_url }}", subject: "Notice");

        Assert.DoesNotContain(check.Lint, f => f.Rule == TemplateLintValidator.EmailSubjectRule);
    }

    [Fact]
    public async Task Lint_EmailWithoutSubject_Error()
    {
        var check = await CheckAsync(Channel.Email, "{{ preferences_url }}");

        Assert.Contains(check.Lint, f => f.Rule == TemplateLintValidator.EmailSubjectRule);
    }

    [Fact]
    public async Task Lint_SmsWithinThreeSegments_NoSegmentFinding()
    {
        var body = new string('a', 459 - 34) + "{{ preferences_url }}"; // sample URL is 34 characters: exactly 459 septets

        var check = await CheckAsync(Channel.Sms, body);

        Assert.Equal(3, check.Preview.Segments);
        Assert.DoesNotContain(check.Lint, f => f.Rule == TemplateLintValidator.SmsSegmentsRule);
    }

    [Fact]
    public async Task Lint_SmsOverThreeSegments_Error()
    {
        var body = new string('a', 460 - 34) + "{{ preferences_url }}";

        var check = await CheckAsync(Channel.Sms, body);

        Assert.Equal(4, check.Preview.Segments);
        Assert.Contains(check.Lint, f => f.Rule == TemplateLintValidator.SmsSegmentsRule);
    }

    [Fact]
    public async Task Lint_SmsMaxSegmentsConfiguredToOne_TwoSegmentsIsAnError()
    {
        var body = new string('a', 140) + "{{ preferences_url }}";

        var check = await CheckAsync(Channel.Sms, body, options: new TemplatesOptions { SmsMaxSegments = 1 });

        Assert.Equal(2, check.Preview.Segments);
        Assert.Contains(check.Lint, f => f.Rule == TemplateLintValidator.SmsSegmentsRule);
    }

    [Fact]
    public async Task Lint_SmsWithAccentOutsideGsm7_PreviewSaysUcs2()
    {
        var check = await CheckAsync(Channel.Sms, "Información: {{ preferences_url }}", locale: "es-PR");

        Assert.Equal(SmsEncoding.Ucs2, check.Preview.Encoding);
        Assert.Contains('ó', check.Preview.NonGsm7Characters);
    }

    [Fact]
    public async Task Lint_VoiceWithinLimit_NoLengthFinding()
    {
        var check = await CheckAsync(Channel.Voice, new string('a', 966) + "{{ preferences_url }}");

        Assert.DoesNotContain(check.Lint, f => f.Rule == TemplateLintValidator.VoiceLengthRule);
    }

    [Fact]
    public async Task Lint_VoiceOverLimit_Error()
    {
        var check = await CheckAsync(Channel.Voice, new string('a', 967) + "{{ preferences_url }}");

        Assert.Contains(check.Lint, f => f.Rule == TemplateLintValidator.VoiceLengthRule);
    }

    [Fact]
    public async Task Lint_UnknownVariable_ErrorNamingItAndItsLine()
    {
        var check = await CheckAsync(Channel.Sms, "Hi\n{{ customer.ssn }} {{ preferences_url }}");

        var finding = Assert.Single(check.Lint, f => f.Rule == LiquidTemplates.UnknownVariableRule);
        Assert.Contains("customer.ssn", finding.Message, StringComparison.Ordinal);
        Assert.Equal(2, finding.Line);
        Assert.Null(check.Preview.Body);
    }

    [Fact]
    public async Task Lint_UnknownVariableInAnUntakenBranch_StillAnError()
    {
        var check = await CheckAsync(Channel.Sms, "{% if false %}{{ card.number }}{% endif %}{{ preferences_url }}");

        Assert.Contains(check.Lint, f => f.Rule == LiquidTemplates.UnknownVariableRule);
    }

    [Fact]
    public async Task Lint_KnownVariablesLoopsAndListMembers_NoVariableFinding()
    {
        var check = await CheckAsync(Channel.Sms,
            "{% assign n = incident.data_elements.size %}{% for e in incident.data_elements %}{{ e }} {{ forloop.index }}{% endfor %}{{ n }} {{ preferences_url }}");

        Assert.DoesNotContain(check.Lint, f => f.Rule == LiquidTemplates.UnknownVariableRule);
        Assert.Contains("Credit card number", check.Preview.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_KnownFilter_NoFilterFinding()
    {
        var check = await CheckAsync(Channel.Sms, "{{ org.name | upcase }} {{ preferences_url }}");

        Assert.DoesNotContain(check.Lint, f => f.Rule == LiquidTemplates.UnknownFilterRule);
        Assert.StartsWith("ACME BANK", check.Preview.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ org.name | shout }}")]
    [InlineData("{{ org.name | raw }}")]
    public async Task Lint_UnknownOrForbiddenFilter_Error(string expression)
    {
        var check = await CheckAsync(Channel.Sms, expression + " {{ preferences_url }}");

        Assert.Contains(check.Lint, f => f.Rule == LiquidTemplates.UnknownFilterRule);
    }

    [Fact]
    public async Task Lint_IncludeTag_NotAllowed()
    {
        var check = await CheckAsync(Channel.Sms, "{% include 'x' %} {{ preferences_url }}");

        Assert.Contains(check.Lint, f => f.Rule == LiquidTemplates.ForbiddenTagRule);
    }

    [Fact]
    public async Task Check_LiquidSyntaxError_NamesLineAndColumn()
    {
        var check = await CheckAsync(Channel.Sms, "Hello\n{% if customer.first_name %}x");

        var error = Assert.Single(check.SyntaxErrors);
        Assert.Equal(2, error.Line);
        Assert.NotNull(error.Column);
        Assert.Contains("line 2, column", error.Describe(), StringComparison.Ordinal);
        Assert.True(check.Blocking);
    }

    [Fact]
    public async Task Lint_CompliantEmailForAllPacks_NoFindings()
    {
        var check = await CheckAsync(Channel.Email, CompliantEmail, EmailSubject, jurisdictions: AllPacks);

        NoticePackTests.AssertOnlyConditionalWarnings(check);
    }

    public static TheoryData<string, string[]> RuleMutations() => new()
    {
        { "GDPR-34-nature", ["{{ incident.description }}", "What Happened"] },
        { "GDPR-34-contact", ["{{ dpo.contact }}"] },
        { "GDPR-34-consequences", ["Likely consequences"] },
        { "GDPR-34-measures", ["What We Are Doing"] },
        { "CA-title", ["Notice of Data Breach"] },
        { "CA-heading-what-happened", ["What Happened"] },
        { "CA-heading-information-involved", ["What Information Was Involved"] },
        { "CA-heading-what-we-are-doing", ["What We Are Doing"] },
        { "CA-heading-what-you-can-do", ["What You Can Do"] },
        { "CA-heading-more-information", ["For More Information"] },
        { "CA-notifier", ["{{ org.contact }}"] },
        { "CA-information-types", ["{{ incident.data_elements | join: \", \" }}"] },
        { "CA-breach-date", ["{{ incident.breach_start | date: \"%Y-%m-%d\" }}", "{{ incident.breach_end | date: \"%Y-%m-%d\" }}"] },
        { "CA-notice-date", ["{{ notice.date | date: \"%Y-%m-%d\" }}"] },
        { "CA-law-enforcement-delay", ["{% if notice.law_enforcement_delay %} Law enforcement asked us to delay this notice.{% else %} This notice was not delayed by law enforcement.{% endif %}"] },
        { "HIPAA-what-happened", ["{{ incident.description }}", "What Happened"] },
        { "HIPAA-dates", ["{{ incident.aware_at | date: \"%Y-%m-%d\" }}"] },
        { "HIPAA-information-types", ["{{ incident.data_elements | join: \", \" }}"] },
        { "HIPAA-steps-to-take", ["What You Can Do"] },
        { "HIPAA-what-we-are-doing", ["What We Are Doing"] },
        { "HIPAA-contact", ["{{ support_phone }}"] },
        { "HIPAA-contact-channel", ["{{ org.contact }}"] },
        { "CA-description", ["{{ incident.description }}"] },
        { "CA-conspicuous", ["<h1>", "</h1>", "<h2>", "</h2>"] },
    };

    [Theory]
    [MemberData(nameof(RuleMutations))]
    public async Task Lint_EmailMissingARequiredElement_ErrorForThatRule(string rule, string[] removed)
    {
        var body = removed.Aggregate(CompliantEmail, (text, part) => text.Replace(part, "Section", StringComparison.Ordinal));
        var subject = removed.Contains("Notice of Data Breach") ? "Important" : EmailSubject;

        var check = await CheckAsync(Channel.Email, body, subject, jurisdictions: AllPacks);

        var finding = Assert.Single(check.Lint, f => f.Rule == rule);
        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Contains("reviewed", finding.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesFile_EveryPackRule_IsCoveredByAMutationTest()
    {
        var tested = RuleMutations().Select(row => (string)row[0]).Concat(NoticePackTests.CoveredRules).ToHashSet();

        Assert.All(Rules.Packs.SelectMany(p => p.Rules), r => Assert.Contains(r.Id, tested));
    }

    [Fact]
    public async Task Lint_JurisdictionNotSelected_ItsPackIsNotApplied()
    {
        var check = await CheckAsync(Channel.Email, "<p>{{ dpo.contact }} {{ preferences_url }}</p>", "Hi", jurisdictions: ["US-TX"]);

        Assert.Empty(check.Lint);
    }

    [Fact]
    public async Task Lint_PacksApplyToEmailOnly_SmsIsNotCheckedForHeadings()
    {
        var check = await CheckAsync(Channel.Sms, GoodSms, jurisdictions: AllPacks);

        Assert.Empty(check.Lint);
    }

    [Fact]
    public async Task Lint_SpanishCaliforniaNotice_MatchesSpanishHeadings()
    {
        const string body = """
            <h1>Aviso de violación de datos</h1><h2>Qué sucedió</h2><p>{{ incident.description }}</p>
            <h2>Qué información estuvo involucrada</h2><p>{{ incident.data_elements | join: ", " }}</p>
            <h2>Qué estamos haciendo</h2><p>Bloqueamos las tarjetas.</p><h2>Qué puede hacer</h2><p>Revise sus extractos.</p><h2>Para más información</h2>
            <p>{{ org.contact }} {{ incident.breach_start }} {{ notice.date }} {{ notice.law_enforcement_delay }} {{ preferences_url }}</p>
            """;

        var check = await CheckAsync(Channel.Email, body, "Aviso", locale: "es-US", jurisdictions: ["US-CA"]);

        NoticePackTests.AssertOnlyConditionalWarnings(check);
    }

    [Fact]
    public async Task Lint_LanguageWithoutWordingInRulesFile_WarnsToCheckByHand()
    {
        var check = await CheckAsync(Channel.Email, "<p>{{ preferences_url }}</p>", "Avis", locale: "fr-FR", jurisdictions: ["US-CA"]);

        var title = Assert.Single(check.Lint, f => f.Rule == "CA-title");
        Assert.Equal(LintSeverity.Warning, title.Severity);
        Assert.Contains(check.Lint, f => f is { Rule: "CA-notifier", Severity: LintSeverity.Error });
    }
}

public sealed class TemplateDemoSeedTests
{
    public static TheoryData<int> Indexes() => [.. Enumerable.Range(0, TemplateDemoSeed.Set.Count)];

    [Theory]
    [MemberData(nameof(Indexes))]
    public async Task DemoSet_EachTemplate_PassesLintWithoutErrors(int index)
    {
        var (channel, locale, jurisdictions, subject, body) = TemplateDemoSeed.Set[index];

        var check = await TemplateTestKit.CheckAsync(channel, body, subject, locale, jurisdictions);

        Assert.Empty(check.SyntaxErrors);
        Assert.DoesNotContain(check.Lint, f => f.Severity == LintSeverity.Error);
        Assert.NotNull(check.Preview.Body);
    }

    [Fact]
    public void DemoSet_CoversTheIssuesLocalesAndChannels()
    {
        var keys = TemplateDemoSeed.Set.Select(t => $"{t.Channel}:{t.Locale}").Order().ToList();

        Assert.Equal(["Email:de-DE", "Email:en-US", "Email:es", "Email:fr-FR", "Sms:de-DE", "Sms:en-US", "Sms:es", "Sms:fr-FR", "Voice:de-DE", "Voice:en-US", "Voice:es", "Voice:fr-FR"], keys);
    }
}
