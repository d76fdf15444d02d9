using System.Text.Json;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Incidents;

namespace BreachConsole.Core.Templates;

/// <summary>One content requirement of a law, with the words or variables that satisfy it.</summary>
public sealed record NoticeRule(
    string Id,
    string Requirement,
    string Source,
    IReadOnlyList<string> Variables,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Phrases,
    bool AllVariables = false)
{
    /// <summary>Every phrase of the language must appear (e.g. all three credit bureaus), not just one.</summary>
    public bool AllPhrases { get; init; }

    /// <summary>A phrase counts only in a heading line (subject, HTML heading, a plain-text line of its own).</summary>
    public bool Heading { get; init; }

    /// <summary>A heading phrase also needs text under its heading.</summary>
    public bool Describe { get; init; }

    /// <summary>The email's headings must be HTML heading elements (conspicuous layout).</summary>
    public bool HtmlHeadings { get; init; }

    /// <summary>Regular expressions any of which satisfies the rule (a toll-free number, a web address), in any language.</summary>
    public IReadOnlyList<string> Patterns { get; init; } = [];

    /// <summary>The rule applies only when the incident exposed one of these data elements.</summary>
    public IReadOnlyList<string> WhenDataElements { get; init; } = [];

    /// <summary>
    /// Least values a numeric variable must have when a notice that prints it is sent (e.g. <c>identity_protection.months</c>
    /// ≥ 12, Cal. Civ. Code §1798.82(d)(2)(G)). Lint cannot see sent values; campaign preflight checks the configured ones.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> Minimums { get; init; } = new Dictionary<string, decimal>();
}

/// <summary>The rules of one law for the jurisdictions it covers.</summary>
public sealed record NoticeRulePack(
    string Id,
    string Title,
    string Source,
    IReadOnlyList<string> Jurisdictions,
    IReadOnlyList<Channel> Channels,
    IReadOnlyList<NoticeRule> Rules);

/// <summary>
/// The content rules of notice-law.md as counsel-editable data (<c>notice-rules.json</c>, embedded; <c>Templates:RulesFile</c>
/// points to a replacement). Loading refuses a file without a review date, a source per rule or a known jurisdiction.
/// </summary>
public sealed record NoticeRuleBook(DateOnly ReviewedOn, string? ReviewedBy, IReadOnlyList<NoticeRulePack> Packs)
{
    public const string EmbeddedResourceName = "BreachConsole.Core.Templates.notice-rules.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The packs that apply to a template of <paramref name="channel"/> for <paramref name="jurisdictions"/>.</summary>
    public IEnumerable<NoticeRulePack> PacksFor(Channel channel, IEnumerable<string> jurisdictions)
    {
        var set = jurisdictions.ToHashSet(StringComparer.Ordinal);
        return Packs.Where(p => p.Channels.Contains(channel) && p.Jurisdictions.Any(set.Contains));
    }

    public static NoticeRuleBook LoadEmbedded()
    {
        using var stream = typeof(NoticeRuleBook).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"The embedded rules file {EmbeddedResourceName} is missing.");
        return Load(stream, "embedded notice-rules.json");
    }

    public static NoticeRuleBook LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    public static NoticeRuleBook Load(Stream stream, string origin)
    {
        RulesFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RulesFile>(stream, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The rules file {origin} is not valid JSON: {ex.Message}", ex);
        }

        if (file?.ReviewedOn is null)
        {
            throw new InvalidOperationException($"The rules file {origin} has no 'reviewedOn' date.");
        }

        var packs = new List<NoticeRulePack>();
        foreach (var pack in file.Packs ?? [])
        {
            if (string.IsNullOrWhiteSpace(pack.Id) || string.IsNullOrWhiteSpace(pack.Source))
            {
                throw new InvalidOperationException($"The rules file {origin} has a pack without an id or a source.");
            }

            var unknown = (pack.Jurisdictions ?? []).Where(j => !Incidents.Jurisdictions.IsKnown(j)).ToList();
            if (unknown.Count > 0 || (pack.Jurisdictions ?? []).Count == 0)
            {
                throw new InvalidOperationException($"Pack '{pack.Id}' in {origin} names no jurisdiction or an unknown one: {string.Join(", ", unknown)}.");
            }

            var rules = new List<NoticeRule>();
            foreach (var rule in pack.Rules ?? [])
            {
                if (string.IsNullOrWhiteSpace(rule.Id) || string.IsNullOrWhiteSpace(rule.Source) || string.IsNullOrWhiteSpace(rule.Requirement))
                {
                    throw new InvalidOperationException($"A rule of pack '{pack.Id}' in {origin} lacks an id, a requirement or a source.");
                }

                var badVariables = (rule.Variables ?? []).Where(v => !NoticeModel.Paths.Contains(v)).ToList();
                if (badVariables.Count > 0)
                {
                    throw new InvalidOperationException($"Rule '{rule.Id}' in {origin} names unknown variables: {string.Join(", ", badVariables)}.");
                }

                if ((rule.Variables ?? []).Count == 0 && (rule.Phrases ?? []).Count == 0 && (rule.Patterns ?? []).Count == 0 && !rule.HtmlHeadings)
                {
                    throw new InvalidOperationException($"Rule '{rule.Id}' in {origin} gives neither variables, phrases nor patterns.");
                }

                var badElements = (rule.WhenDataElements ?? []).Where(e => !Incidents.DataElements.IsKnown(e)).ToList();
                if (badElements.Count > 0)
                {
                    throw new InvalidOperationException($"Rule '{rule.Id}' in {origin} names unknown data elements: {string.Join(", ", badElements)}.");
                }

                var badMinimums = (rule.Minimums ?? []).Keys.Where(v => !NoticeModel.Paths.Contains(v)).ToList();
                if (badMinimums.Count > 0)
                {
                    throw new InvalidOperationException($"Rule '{rule.Id}' in {origin} sets minimums for unknown variables: {string.Join(", ", badMinimums)}.");
                }

                foreach (var pattern in rule.Patterns ?? [])
                {
                    try
                    {
                        _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
                    }
                    catch (ArgumentException ex)
                    {
                        throw new InvalidOperationException($"Rule '{rule.Id}' in {origin} has an invalid pattern: {ex.Message}", ex);
                    }
                }

                rules.Add(new NoticeRule(rule.Id, rule.Requirement, rule.Source, rule.Variables ?? [],
                    (rule.Phrases ?? []).ToDictionary(p => p.Key.ToLowerInvariant(), p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal),
                    rule.AllVariables)
                {
                    AllPhrases = rule.AllPhrases,
                    Heading = rule.Heading || rule.Describe,
                    Describe = rule.Describe,
                    HtmlHeadings = rule.HtmlHeadings,
                    Patterns = rule.Patterns ?? [],
                    WhenDataElements = rule.WhenDataElements ?? [],
                    Minimums = rule.Minimums ?? [],
                });
            }

            packs.Add(new NoticeRulePack(pack.Id, pack.Title ?? pack.Id, pack.Source, pack.Jurisdictions!,
                pack.Channels is { Count: > 0 } channels ? channels : [Channel.Email], rules));
        }

        return new NoticeRuleBook(file.ReviewedOn.Value, file.ReviewedBy, packs);
    }

    private sealed record RulesFile(DateOnly? ReviewedOn, string? ReviewedBy, List<PackFile>? Packs);

    private sealed record PackFile(string Id, string? Title, string Source, List<string>? Jurisdictions, List<Channel>? Channels, List<RuleFile>? Rules);

    private sealed record RuleFile(string Id, string Requirement, string Source, List<string>? Variables,
        Dictionary<string, List<string>>? Phrases, bool AllVariables = false, bool AllPhrases = false, bool Heading = false,
        bool Describe = false, bool HtmlHeadings = false, List<string>? Patterns = null, List<string>? WhenDataElements = null,
        Dictionary<string, decimal>? Minimums = null);
}
