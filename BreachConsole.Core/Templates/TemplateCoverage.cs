using System.Globalization;
using BreachConsole.Core.Dispatch;

namespace BreachConsole.Core.Templates;

/// <summary>An approved version as coverage reads it: its channel and locale, and the jurisdictions its approval was linted against.</summary>
public sealed record CoveredVersion(Channel Channel, string Locale, int Version, IReadOnlyList<string> Jurisdictions, string? Subject, string Body);

/// <summary>An approved version whose approval was not linted against every jurisdiction of the incident that applies to its channel.</summary>
public sealed record TemplateCoverageGap(Channel Channel, string Locale, int Version, IReadOnlyList<string> CheckedFor, IReadOnlyList<string> Missing,
    string Message);

/// <summary>An error the current rules find in an approved version for this incident (its data elements, or rules changed since approval).</summary>
public sealed record TemplateCoverageFinding(Channel Channel, string Locale, int Version, string Rule, string Message, string? Source);

/// <summary>A variable an approved version prints that the incident leaves empty (its description, its breach period).</summary>
public sealed record TemplateEmptyFact(Channel Channel, string Locale, int Version, string Variable);

/// <summary>
/// Coverage (issue 14, "Coverage"): a campaign may send an approved version only if that version's approval covered every
/// jurisdiction of the incident whose rules apply to its channel (a rules-file pack for that channel names it).
/// <para>
/// What counts as "checked for" is the record, not a fresh guess: a version's <see cref="TemplateVersion.Jurisdictions"/>
/// are part of its immutable text (a database trigger refuses any change), and submit and approve both refused the version
/// unless the lint of exactly those jurisdictions had no error. Re-linting the text at preflight against jurisdictions
/// Legal never reviewed it for would let a notice pass for California that no reviewer read as a California notice.
/// </para>
/// <para>
/// On top of the record, preflight re-lints each version against the jurisdictions it was approved for that the incident
/// names, with the incident's exposed data elements and today's rules file: conditional rules (California's credit
/// bureaus when SSNs were exposed, Delaware's credit monitoring, …) were only warnings at approval, when no incident was
/// known, and the rules may have been corrected since.
/// </para>
/// </summary>
public sealed class TemplateCoverage(NoticeRuleBook rules, TemplateStudio studio, Microsoft.Extensions.Options.IOptions<TemplatesOptions> options)
{
    /// <summary>The incident's jurisdictions whose rules apply to <paramref name="channel"/>, in the incident's order.</summary>
    public IReadOnlyList<string> Applicable(Channel channel, IEnumerable<string> incidentJurisdictions) =>
        [.. incidentJurisdictions.Distinct(StringComparer.Ordinal).Where(j => rules.PacksFor(channel, [j]).Any())];

    /// <summary>The version's coverage gap for this incident, or null when its approval covered every applicable jurisdiction.</summary>
    public TemplateCoverageGap? Gap(CoveredVersion version, IReadOnlyList<string> incidentJurisdictions)
    {
        var applicable = Applicable(version.Channel, incidentJurisdictions);
        var missing = applicable.Where(j => !version.Jurisdictions.Contains(j, StringComparer.Ordinal)).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var checkedFor = version.Jurisdictions.Count == 0 ? "no jurisdiction's rules" : Join(version.Jurisdictions) + " only";
        var message = $"{version.Channel} {version.Locale} was checked for {checkedFor}; the incident also names {Join(missing)} " +
            $"(approved version {version.Version.ToString(CultureInfo.InvariantCulture)}: Legal approves a version that lists {(missing.Count == 1 ? "it" : "them")}).";
        return new TemplateCoverageGap(version.Channel, version.Locale, version.Version, version.Jurisdictions, missing, message);
    }

    /// <summary>The gaps and the current-rule errors of <paramref name="versions"/> for an incident.</summary>
    /// <param name="sentValues">The values numeric variables will have when sent (configuration), checked against rules' minimums.</param>
    public async Task<(IReadOnlyList<TemplateCoverageGap> Gaps, IReadOnlyList<TemplateCoverageFinding> Findings)> CheckAsync(
        IEnumerable<CoveredVersion> versions, IReadOnlyList<string> incidentJurisdictions, IReadOnlyList<string> dataElements,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, (decimal Value, string Setting)>? sentValues = null)
    {
        var gaps = new List<TemplateCoverageGap>();
        var findings = new List<TemplateCoverageFinding>();
        foreach (var version in versions.OrderBy(v => v.Channel).ThenBy(v => v.Locale, StringComparer.Ordinal))
        {
            if (Gap(version, incidentJurisdictions) is { } gap)
            {
                gaps.Add(gap);
            }

            var approvedFor = Applicable(version.Channel, incidentJurisdictions).Where(j => version.Jurisdictions.Contains(j, StringComparer.Ordinal)).ToList();
            if (approvedFor.Count == 0)
            {
                continue;
            }

            var check = await studio.CheckAsync(version.Channel, version.Locale, approvedFor, version.Subject, version.Body, dataElements, cancellationToken);
            findings.AddRange(check.AllFindings.Where(f => f.Severity == LintSeverity.Error).Select(f => new TemplateCoverageFinding(
                version.Channel, version.Locale, version.Version, f.Rule,
                $"{version.Channel} {version.Locale} (v{version.Version.ToString(CultureInfo.InvariantCulture)}) fails {f.Rule} for this incident: {f.Message}",
                f.Source)));
            findings.AddRange(BelowMinimum(version, approvedFor, dataElements, sentValues));
        }

        return (gaps, findings);
    }

    /// <summary>
    /// What <paramref name="versions"/> do with this incident's own facts, each version parsed once:
    /// <list type="bullet">
    /// <item>the variables of <paramref name="empty"/> (facts not entered) each prints;</item>
    /// <item>the SMS and voice versions that, printed with the facts (<paramref name="modelFor"/>: the sample in a locale's
    /// language with the incident's title, description, period and data elements), exceed the bounds the lint held them
    /// to with the sample: an SMS past <c>Templates:SmsMaxSegments</c>, a voice script past what text-to-speech reads.</item>
    /// </list>
    /// </summary>
    public async Task<(IReadOnlyList<TemplateEmptyFact> Empty, IReadOnlyList<TemplateCoverageFinding> OverLength)> IncidentFactsAsync(
        IEnumerable<CoveredVersion> versions, IReadOnlySet<string> empty, Func<string, NoticeModel> modelFor)
    {
        var limits = options.Value;
        var emptyFacts = new List<TemplateEmptyFact>();
        var overLength = new List<TemplateCoverageFinding>();
        foreach (var v in versions.OrderBy(v => v.Channel).ThenBy(v => v.Locale, StringComparer.Ordinal))
        {
            PreparedNotice prepared;
            RenderedNotice notice;
            try
            {
                prepared = studio.Prepare(new ResolvedTemplate(Guid.Empty, "", v.Channel, v.Locale, v.Version, v.Subject, v.Body, "", v.Jurisdictions));
                notice = await studio.RenderAsync(prepared, modelFor(v.Locale));
            }
            catch (InvalidOperationException)
            {
                continue; // Does not parse or render at all: the coverage lint reports that.
            }

            emptyFacts.AddRange(prepared.Body.Variables.Concat(prepared.Subject?.Variables ?? Enumerable.Empty<string>()).Where(empty.Contains).Distinct().Order(StringComparer.Ordinal)
                .Select(variable => new TemplateEmptyFact(v.Channel, v.Locale, v.Version, variable)));
            var name = $"{v.Channel} {v.Locale} (v{v.Version.ToString(CultureInfo.InvariantCulture)})";
            if (v.Channel == Channel.Sms && SmsSegments.Measure(notice.Body) is { } sms && sms.Segments > limits.SmsMaxSegments)
            {
                overLength.Add(new TemplateCoverageFinding(v.Channel, v.Locale, v.Version, TemplateLintValidator.SmsSegmentsRule,
                    $"{name} takes {sms.Segments} SMS segments with this incident's facts; at most {limits.SmsMaxSegments} are allowed (Templates:SmsMaxSegments): shorten the incident's description or the template.",
                    null));
            }
            else if (v.Channel == Channel.Voice && notice.Body.Length > limits.VoiceMaxCharacters)
            {
                overLength.Add(new TemplateCoverageFinding(v.Channel, v.Locale, v.Version, TemplateLintValidator.VoiceLengthRule,
                    $"{name} is a {notice.Body.Length}-character voice script with this incident's facts; text-to-speech reads at most {limits.VoiceMaxCharacters} (Templates:VoiceMaxCharacters): shorten the incident's description or the template.",
                    null));
            }
        }

        return (emptyFacts, overLength);
    }

    /// <summary>Rules of the version's packs that apply to this incident and set a minimum for a variable the version prints, when the sent value is below it.</summary>
    private IEnumerable<TemplateCoverageFinding> BelowMinimum(CoveredVersion version, IReadOnlyList<string> jurisdictions,
        IReadOnlyList<string> dataElements, IReadOnlyDictionary<string, (decimal Value, string Setting)>? sentValues)
    {
        if (sentValues is null)
        {
            yield break;
        }

        var text = (version.Subject ?? "") + "\n" + version.Body;
        foreach (var pack in rules.PacksFor(version.Channel, jurisdictions))
        {
            foreach (var rule in pack.Rules.Where(r => r.Minimums.Count > 0 && (r.WhenDataElements.Count == 0 || r.WhenDataElements.Any(dataElements.Contains))))
            {
                foreach (var (variable, minimum) in rule.Minimums)
                {
                    if (text.Contains(variable, StringComparison.Ordinal) && sentValues.TryGetValue(variable, out var sent) && sent.Value < minimum)
                    {
                        yield return new TemplateCoverageFinding(version.Channel, version.Locale, version.Version, rule.Id,
                            $"{version.Channel} {version.Locale} (v{version.Version.ToString(CultureInfo.InvariantCulture)}) fails {rule.Id} for this incident: " +
                            $"it prints {{{{ {variable} }}}}, which is {sent.Value.ToString(CultureInfo.InvariantCulture)} ({sent.Setting}); " +
                            $"at least {minimum.ToString(CultureInfo.InvariantCulture)} is required.", rule.Source);
                    }
                }
            }
        }
    }

    private static string Join(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Join("", items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
