using System.Diagnostics.Metrics;
using BreachConsole.Core.Diagnostics;

namespace BreachConsole.Core.Contacts;

/// <summary>Contact imports on the <c>BreachConsole.Import</c> meter: row counts only, never a value from a row.</summary>
internal static class ImportMetrics
{
    private static readonly Meter Meter = new(ConsoleMeters.Import);

    private static readonly Counter<long> Rows = Meter.CreateCounter<long>("import.rows", unit: "{row}",
        description: "Contact rows read by imports, by result (accepted, rejected, duplicate)");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("import.duration", unit: "s",
        description: "How long one contact import took, from the first byte to the commit");

    public static void Completed(ImportResult result, TimeSpan elapsed)
    {
        Rows.Add(result.Accepted, new KeyValuePair<string, object?>("result", "accepted"));
        Rows.Add(result.Rejected, new KeyValuePair<string, object?>("result", "rejected"));
        Rows.Add(result.Duplicates, new KeyValuePair<string, object?>("result", "duplicate"));
        Duration.Record(elapsed.TotalSeconds);
    }
}
