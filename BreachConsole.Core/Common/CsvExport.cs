using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace BreachConsole.Core.Common;

/// <summary>
/// How every CSV the console hands out is written: RFC 4180, UTF-8 without BOM, CRLF, and a cell a spreadsheet would
/// run as a formula (starting with = + - @, tab or CR) neutralized with a leading quote (CsvHelper's injection escape).
/// </summary>
public static class CsvExport
{
    public static CsvConfiguration Configuration { get; } = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        NewLine = "\r\n",
    };

    /// <summary>A writer over <paramref name="stream"/>; disposing it flushes and leaves the stream open.</summary>
    public static CsvWriter Create(Stream stream) =>
        new(new StreamWriter(stream, new UTF8Encoding(false), 65536, leaveOpen: true), Configuration);

    public static async Task WriteRowAsync(this CsvWriter csv, IEnumerable<string?> fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field ?? "");
        }

        await csv.NextRecordAsync();
    }
}
