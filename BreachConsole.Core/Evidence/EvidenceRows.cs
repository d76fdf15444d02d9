using System.Globalization;

namespace BreachConsole.Core.Evidence;

/// <summary>How contributors spell values in the pack's CSV files: one time format, rows as async streams.</summary>
public static class EvidenceRows
{
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static async IAsyncEnumerable<string[]> One(string[] row)
    {
        await Task.CompletedTask;
        yield return row;
    }

    public static async IAsyncEnumerable<string[]> Many(IEnumerable<string[]> rows)
    {
        await Task.CompletedTask;
        foreach (var row in rows)
        {
            yield return row;
        }
    }
}
