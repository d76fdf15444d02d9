using System.IO.Compression;
using System.Text;
using BreachConsole.Core.Common;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Persistence;

namespace BreachConsole.Core.Evidence;

/// <summary>What a section adds to the pack's readable summary: a heading and rows of label/value pairs.</summary>
public sealed record EvidenceSummarySection(string Heading, IReadOnlyList<(string Label, string Value)> Rows, string? Note = null);

/// <summary>The pack being written: its zip, and the summary sections collected for <c>summary.html</c>.</summary>
public sealed class EvidencePackWriter(ZipArchive zip, IncidentDetails incident, BreachConsoleDbContext db)
{
    /// <summary>The incident the pack is about, read once for every contributor.</summary>
    public IncidentDetails Incident { get; } = incident;

    public Guid IncidentId => Incident.Id;

    public BreachConsoleDbContext Db { get; } = db;

    public List<EvidenceSummarySection> Summary { get; } = [];

    /// <summary>Adds a CSV file (RFC 4180, formula-looking cells neutralized); rows are streamed, never buffered.</summary>
    public async Task<long> AddCsvAsync(string name, string[] header, IAsyncEnumerable<string[]> rows, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var stream = entry.Open();
        await using var csv = CsvExport.Create(stream);
        await csv.WriteRowAsync(header);
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await csv.WriteRowAsync(row);
            count++;
        }

        await csv.FlushAsync();
        return count;
    }

    public async Task AddTextAsync(string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
        await writer.WriteAsync(content);
    }
}
