using System.Diagnostics.Metrics;
using BreachConsole.Core.Diagnostics;

namespace BreachConsole.Core.Audit;

/// <summary>Audit entries linked into the chain, on the <c>BreachConsole.Audit</c> meter.</summary>
internal static class AuditMetrics
{
    private static readonly Meter Meter = new(ConsoleMeters.Audit);

    private static readonly Counter<long> Entries = Meter.CreateCounter<long>("audit.entries", unit: "{entry}",
        description: "Audit entries linked into the chain by a save (a save that then rolls back still counted)");

    public static void Linked(AuditEntry entry) =>
        Entries.Add(1, new KeyValuePair<string, object?>("action", entry.Action), new KeyValuePair<string, object?>("outcome", entry.Outcome.ToString()));
}
