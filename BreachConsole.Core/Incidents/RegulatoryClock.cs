using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreachConsole.Core.Incidents;

/// <summary>
/// The regulatory clock: which deadlines an incident's jurisdictions set, from a rules file counsel can edit
/// (<c>deadline-rules.json</c>, embedded, with its reviewed-on date), never from constants in code.
/// </summary>
public sealed class RegulatoryClock
{
    private readonly RuleFile _rules;

    public RegulatoryClock() : this(LoadEmbedded())
    {
    }

    internal RegulatoryClock(RuleFile rules) => _rules = rules;

    /// <summary>The date counsel last reviewed the rules; the console shows it beside every deadline.</summary>
    public DateOnly ReviewedOn => _rules.ReviewedOn;

    /// <summary>The deadlines in the incident's jurisdiction order, authority before individuals within one.</summary>
    public IReadOnlyList<Deadline> DeadlinesFor(IReadOnlyList<string> jurisdictions, DateTimeOffset awareAt) =>
        [.. jurisdictions.SelectMany(j => _rules.Rules.Where(r => r.Jurisdiction == j).OrderBy(r => r.Audience))
            .Select(r => new Deadline(r.Jurisdiction, r.Audience, r.Hours is { } hours ? awareAt.AddHours(hours) : null, r.Rule))];

    private static RuleFile LoadEmbedded()
    {
        using var stream = typeof(RegulatoryClock).Assembly.GetManifestResourceStream("BreachConsole.Core.Incidents.deadline-rules.json")
            ?? throw new InvalidOperationException("The embedded deadline rules are missing from the build.");
        var file = JsonSerializer.Deserialize<RuleFile>(stream, Json) ?? throw new InvalidOperationException("The deadline rules are empty.");
        foreach (var rule in file.Rules)
        {
            if (!Jurisdictions.IsKnown(rule.Jurisdiction) || rule.Hours is < 0)
            {
                throw new InvalidOperationException($"Deadline rule for '{rule.Jurisdiction}' is invalid.");
            }
        }

        return file;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    internal sealed record RuleFile(DateOnly ReviewedOn, IReadOnlyList<DeadlineRule> Rules);

    internal sealed record DeadlineRule(string Jurisdiction, DeadlineAudience Audience, int? Hours, string Rule);
}
