using System.Globalization;
using System.Text.RegularExpressions;
using BreachConsole.Core.Dispatch;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Templates;

public enum LintSeverity
{
    Error,
    Warning,
}

/// <summary>One finding. Errors block submit; warnings are for the reviewer's eye.</summary>
public sealed record LintFinding(string Rule, string Message, int? Line = null, LintSeverity Severity = LintSeverity.Error, string? Source = null);

/// <summary>What the lint looks at: the draft, its parse and its rendering with the sample data.</summary>
public sealed record LintSubject(
    Channel Channel,
    string Locale,
    IReadOnlyList<string> Jurisdictions,
    string? Subject,
    string Body,
    ParsedLiquid? ParsedSubject,
    ParsedLiquid ParsedBody,
    string? RenderedBody,
    SmsMeasure? Sms,
    IReadOnlyList<string>? DataElements = null);

/// <summary>
/// The template lint (notice-law.md): the preferences link in every channel; for email the rule packs of the template's
/// jurisdictions from the rules file; SMS segment budget; voice length; and the Liquid vocabulary.
/// Each failure's property name is the rule id, its custom state the line.
/// </summary>
public sealed partial class TemplateLintValidator : AbstractValidator<LintSubject>
{
    public const string PreferencesRule = "preferences-link";
    public const string EmailSubjectRule = "email-subject";
    public const string SmsSegmentsRule = "sms-segments";
    public const string VoiceLengthRule = "voice-length";
    public const string RenderRule = "liquid-render";

    public TemplateLintValidator(NoticeRuleBook rules, IOptions<TemplatesOptions> options)
    {
        var settings = options.Value;

        RuleFor(x => x).Custom((s, context) =>
        {
            foreach (var problem in (s.ParsedSubject?.Problems ?? []).Concat(s.ParsedBody.Problems))
            {
                Add(context, new LintFinding(problem.Rule, problem.Message, problem.Line));
            }
        });

        RuleFor(x => x).Custom((s, context) =>
        {
            // Used, and really printed: a link inside a branch the sample data never takes does not count.
            var printed = s.RenderedBody is null || s.RenderedBody.Contains(NoticeModel.Sample.PreferencesUrl, StringComparison.Ordinal);
            if (!Uses(s, "preferences_url") || !printed)
            {
                Add(context, new LintFinding(PreferencesRule,
                    "Every notice must carry the preferences link: add {{ preferences_url }}.", Source: "Product rule for every channel: the customer can always change how they are contacted"));
            }
        });

        RuleFor(x => x).Custom((s, context) =>
        {
            if (s.Channel == Channel.Email && string.IsNullOrWhiteSpace(s.Subject))
            {
                Add(context, new LintFinding(EmailSubjectRule, "An email notice needs a subject."));
            }
        });

        RuleFor(x => x).Custom((s, context) =>
        {
            if (s.Channel == Channel.Sms && s.Sms is { } sms && sms.Segments > settings.SmsMaxSegments)
            {
                Add(context, new LintFinding(SmsSegmentsRule,
                    $"The SMS takes {sms.Segments} segments ({sms.Units} {(sms.Encoding == SmsEncoding.Gsm7 ? "GSM-7 septets" : "UCS-2 characters")}); at most {settings.SmsMaxSegments} are allowed."));
            }
        });

        RuleFor(x => x).Custom((s, context) =>
        {
            if (s.Channel == Channel.Voice && s.RenderedBody is { } text && text.Length > settings.VoiceMaxCharacters)
            {
                Add(context, new LintFinding(VoiceLengthRule,
                    $"The voice script is {text.Length} characters with the sample data; text-to-speech allows at most {settings.VoiceMaxCharacters}."));
            }
        });

        RuleFor(x => x).Custom((s, context) =>
        {
            var language = Locales.IsValid(s.Locale) ? Locales.Language(s.Locale) : s.Locale;
            var text = NoticeText.Of(s.Subject, s.Body);
            foreach (var pack in rules.PacksFor(s.Channel, s.Jurisdictions))
            {
                foreach (var rule in pack.Rules)
                {
                    var source = $"{rule.Source} (rules reviewed {rules.ReviewedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})";
                    var condition = "";
                    if (rule.WhenDataElements.Count > 0)
                    {
                        if (s.DataElements is { } exposed && !rule.WhenDataElements.Any(exposed.Contains))
                        {
                            continue;
                        }

                        condition = s.DataElements is null
                            ? $"Applies when the incident exposed {string.Join(" or ", rule.WhenDataElements.Select(e => Incidents.DataElements.Label(e)))}: "
                            : "";
                    }

                    var byVariables = rule.Variables.Count > 0 &&
                        (rule.AllVariables ? rule.Variables.All(v => Uses(s, v)) : rule.Variables.Any(v => Uses(s, v)));
                    if (byVariables || rule.Patterns.Any(text.MatchesPattern) || (rule.HtmlHeadings && text.HasHtmlHeadings))
                    {
                        continue;
                    }

                    var phrases = rule.Phrases.GetValueOrDefault(language);
                    bool Found(string phrase) => rule.Heading ? text.HasHeading(phrase, rule.Describe) : text.Contains(phrase);
                    if (phrases is { Count: > 0 } && (rule.AllPhrases ? phrases.All(Found) : phrases.Any(Found)))
                    {
                        continue;
                    }

                    var severity = condition.Length > 0 ? LintSeverity.Warning : LintSeverity.Error;
                    var where = rule.Heading ? (rule.Describe ? " as a heading with text under it" : " as a heading") : "";
                    var words = phrases is { Count: > 0 }
                        ? rule.AllPhrases ? $"the words \"{string.Join("\", \"", phrases)}\"{where}" : $"the words \"{phrases[0]}\"{where}"
                        : null;
                    var hint = rule.Variables.Count > 0
                        ? $" Use {string.Join(rule.AllVariables ? " and " : " or ", rule.Variables.Select(v => "{{ " + v + " }}"))}" + (words is null ? "." : $", or {words}.")
                        : words is not null ? $" Expected {words}." : "";
                    if (phrases is null && rule.Phrases.Count > 0 && rule.Variables.Count == 0 && rule.Patterns.Count == 0)
                    {
                        Add(context, new LintFinding(rule.Id,
                            $"{condition}{rule.Requirement} The rules file has no wording for language '{language}': check this by hand.",
                            Severity: LintSeverity.Warning, Source: source));
                        continue;
                    }

                    Add(context, new LintFinding(rule.Id, $"{condition}{pack.Id}: {rule.Requirement}{hint}", Severity: severity, Source: source));
                }
            }
        });
    }

    private static bool Uses(LintSubject s, string variable) =>
        s.ParsedBody.Variables.Contains(variable) || (s.ParsedSubject?.Variables.Contains(variable) ?? false);

    private static void Add(ValidationContext<LintSubject> context, LintFinding finding) =>
        context.AddFailure(new ValidationFailure(finding.Rule, finding.Message)
        {
            CustomState = finding,
            Severity = finding.Severity == LintSeverity.Error ? Severity.Error : Severity.Warning,
        });

    /// <summary>The findings of a validation result, errors first.</summary>
    public static IReadOnlyList<LintFinding> Findings(ValidationResult result) =>
        [.. result.Errors.Select(e => e.CustomState as LintFinding ?? new LintFinding(e.PropertyName, e.ErrorMessage))
            .OrderBy(f => f.Severity).ThenBy(f => f.Line ?? int.MaxValue)];
}
