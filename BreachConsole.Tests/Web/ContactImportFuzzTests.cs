using System.Globalization;
using System.Net;
using System.Text;
using BreachConsole.Tests.Infrastructure;
using CsvHelper;
using CsvHelper.Configuration;

namespace BreachConsole.Tests.Web;

/// <summary>
/// Mutated contact files through the real endpoint: never a 500, and every data row is counted exactly once as accepted,
/// rejected or duplicate. Data rows are counted by an independent RFC 4180 parse of the same bytes.
/// </summary>
public sealed class ContactImportFuzzTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private static readonly string[] Pieces = ["\"", ",", "\n", "\r\n", "\r", "=", "+", "-", "@", "\0", "\uFEFF", "\"\"", ",,,", "é", "😀", "\t", " ", "Sms", "+1", "x@y.z", "ZZ"];

    [Fact]
    public async Task Import_MutatedFiles_NeverFailAndCountEveryRow()
    {
        var ops = factory.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        var random = new Random(20261130);
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var iteration = 0; iteration < 120; iteration++)
        {
            var bytes = Mutate(BaseFile(random, iteration), random);

            var response = await ContactsApi.PostCsvAsync(ops, incident, bytes);

            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
                $"iteration {iteration}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var result = await response.JsonAsync();
                var counted = result.GetProperty("accepted").GetInt64() + result.GetProperty("rejected").GetInt64() + result.GetProperty("duplicates").GetInt64();
                Assert.Equal(DataRows(bytes), counted);
            }
        }

        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > 60, "most mutations keep the header, so most files are imported");
    }

    private static string BaseFile(Random random, int iteration)
    {
        var csv = new StringBuilder(ContactsApi.Header).Append('\n');
        var rows = random.Next(1, 25);
        for (var i = 0; i < rows; i++)
        {
            csv.Append(ContactsApi.Row($"FZ-{iteration}-{random.Next(40)}")).Append('\n');
        }

        return csv.ToString();
    }

    private static byte[] Mutate(string file, Random random)
    {
        var text = new StringBuilder(file);
        var header = ContactsApi.Header.Length;
        var mutations = random.Next(1, 8);
        for (var m = 0; m < mutations; m++)
        {
            // Mostly after the header, sometimes anywhere (a damaged header must be a 400, not a 500).
            var start = random.Next(10) == 0 ? 0 : Math.Min(header + 1, text.Length);
            var at = random.Next(start, text.Length + 1);
            switch (random.Next(5))
            {
                case 0:
                    text.Insert(at, Pieces[random.Next(Pieces.Length)]);
                    break;
                case 1 when at < text.Length:
                    text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
                    break;
                case 2 when at < text.Length:
                    text[at] = (char)random.Next(0x20, 0x250);
                    break;
                case 3:
                    text.Insert(at, new string('A', random.Next(100, 5000)));
                    break;
                default:
                    text.Length = Math.Max(header, at);
                    break;
            }
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (random.Next(6) == 0 && bytes.Length > header + 1)
        {
            // Raw byte damage: invalid UTF-8 in the middle of a row.
            bytes[random.Next(header + 1, bytes.Length)] = (byte)random.Next(0x80, 0x100);
        }

        return bytes;
    }

    private static long DataRows(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { IgnoreBlankLines = false, BadDataFound = null });
        long records = 0;
        while (parser.Read())
        {
            records++;
        }

        return Math.Max(0, records - 1);
    }
}
