using System.Net;
using System.Net.Http.Json;
using System.Text;
using BreachConsole.Core.Vault;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PhoneNumbers;

namespace BreachConsole.Tests.Web;

/// <summary>The whole console at Debug logging, so every framework and EF Core log line is captured too.</summary>
public sealed class VerboseConsoleFactory : ConsoleFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
    };
}

/// <summary>
/// Canary customers with unique names, phones, emails and ids go through import, listing, row errors, preferences, the audit
/// log and its exports, the evidence pack and
/// key rotation; afterwards no log line, response body or byte of the database files (main and WAL) holds any of them.
/// </summary>
public sealed class CanaryTests(VerboseConsoleFactory factory) : IClassFixture<VerboseConsoleFactory>
{
    private readonly List<string> _bodies = [];

    [Fact]
    public async Task Canaries_ThroughImportListingErrorsAndLogs_NeverAppearInLogsResponsesOrDatabase()
    {
        var canaries = Enumerable.Range(0, 5).Select(Canary.Create).ToList();
        var ops = Client(DemoUsers.OpsCarol);
        var auditor = Client(DemoUsers.AuditorErin);
        var incident = await ContactsApi.CreateIncidentAsync(ops);

        // Good rows, a duplicate, and rows whose canary values sit in the wrong columns (so they are reported, not stored).
        var csv = new StringBuilder($"{ContactsApi.Header},optOutMarketing,optOutServiceAlerts\n");
        foreach (var c in canaries)
        {
            csv.Append(CultureInfo($"{c.CustomerId},{c.FirstName},{c.LastName},{c.Email},{c.NationalPhone},US,en-us,Sms,true,false\n"));
        }

        var bad = canaries[0];
        csv.Append(CultureInfo($"{canaries[1].CustomerId},{canaries[1].FirstName},{canaries[1].LastName},{canaries[1].Email},{canaries[1].Phone},US,en,Email,,\n"));
        csv.Append(CultureInfo($"{bad.Email},{bad.Phone},{bad.CustomerId},{bad.FirstName},{bad.LastName},{bad.LastName},{bad.FirstName},{bad.CustomerId},{bad.Email},{bad.Phone}\n"));
        csv.Append(CultureInfo($"=cmd|{bad.FirstName},\"{bad.LastName}\n{bad.Email}\",{bad.LastName},{bad.Phone}@,{bad.Email},US,en,Sms\n"));
        csv.Append(CultureInfo($"{bad.CustomerId}-ragged,{bad.FirstName}\n"));
        csv.Append(CultureInfo($"{bad.CustomerId}-quote,{bad.FirstName}\"x,{bad.LastName},{bad.Email},{bad.Phone},US,en,Sms\n"));

        var import = await ContactsApi.PostCsvAsync(ops, incident, csv.ToString());
        await Record(import);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var result = await import.JsonAsync();
        Assert.Equal(5, result.GetProperty("accepted").GetInt32());
        Assert.Equal(1, result.GetProperty("duplicates").GetInt32());
        Assert.Equal(4, result.GetProperty("rejected").GetInt32());

        // A header made of canary values: 400 naming the missing columns, never the header's text.
        var header = await ContactsApi.PostCsvAsync(ops, incident, $"{bad.CustomerId},{bad.Email},{bad.Phone}\n1,2,3\n");
        await Record(header);
        Assert.Equal(HttpStatusCode.BadRequest, header.StatusCode);

        var listing = await ops.GetAsync($"/api/v1/incidents/{incident}/contacts?pageSize=500");
        await Record(listing);
        var storedToken = (await listing.JsonAsync()).GetProperty("items")[0].GetProperty("contactId").GetString()!;
        await Record(await auditor.GetAsync($"/api/v1/incidents/{incident}/contacts?country=US&locale=en-US&channel=Sms"));
        await Record(await ops.PutAsJsonAsync("/api/v1/preferences", new { customerId = bad.CustomerId, optOutMarketing = true, optOutServiceAlerts = true, preferredChannel = "Email" }));
        await Record(await ops.PutAsJsonAsync("/api/v1/preferences", new { customerId = bad.CustomerId + new string('x', 200), optOutMarketing = true, optOutServiceAlerts = true }));
        await Record(await ops.PutAsJsonAsync("/api/v1/preferences", new { customerId = bad.CustomerId, optOutMarketing = bad.FirstName, optOutServiceAlerts = true }));
        await Record(await ops.PostAsync("/api/v1/keys/rotate", null));
        await Record(await ops.GetAsync($"/api/v1/incidents/{incident}/contacts"));

        // The audit trail and its exports, and the evidence pack (with its per-contact part), carry no personal data either.
        await Record(await auditor.GetAsync("/api/v1/audit?pageSize=500"));
        await Record(await auditor.GetAsync("/api/v1/audit/export?format=csv"));
        await Record(await auditor.GetAsync("/api/v1/audit/export?format=json"));
        var evidence = await auditor.GetAsync($"/api/v1/incidents/{incident}/evidence");
        Assert.Equal(HttpStatusCode.OK, evidence.StatusCode);
        using (var zip = new System.IO.Compression.ZipArchive(await evidence.Content.ReadAsStreamAsync()))
        {
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                _bodies.Add(await reader.ReadToEndAsync());
            }

            using var contacts = new StreamReader(zip.GetEntry("contacts.csv")!.Open());
            var rows = (await contacts.ReadToEndAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(6, rows.Length); // header + the 5 accepted canaries
            Assert.Contains(rows, r => r.EndsWith(",serviceAlertsOptOut", StringComparison.Ordinal));
            Assert.Contains(rows, r => r.Contains("+1 *** ***", StringComparison.Ordinal));

            using var audit = new StreamReader(zip.GetEntry("audit.csv")!.Open());
            Assert.Contains("preference.change", await audit.ReadToEndAsync(), StringComparison.Ordinal);
        }

        // The redaction safety net: a classified parameter that reaches a log call is erased.
        var logger = factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Canary");
        CanaryLog.Slipped(logger, bad.Email);

        var logs = string.Join("\n", factory.Logs.Lines);
        Assert.Contains("Imported contacts into incident", logs, StringComparison.Ordinal);
        Assert.Contains("Slipped through:", logs, StringComparison.Ordinal);
        var responses = string.Join("\n", _bodies);
        Assert.Contains("maskedPhone", responses, StringComparison.Ordinal);

        var database = ReadDatabaseFiles();
        // The search sees the rows just written (a token is stored in the clear), so a miss below means "not there".
        Assert.True(database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(storedToken)) >= 0, "the database files hold the imported rows");
        var hits = new List<string>();
        foreach (var needle in canaries.SelectMany(c => c.Needles))
        {
            if (logs.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                hits.Add($"log: {needle}");
            }

            if (responses.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                hits.Add($"response: {needle}");
            }

            if (database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0 || database.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) >= 0)
            {
                hits.Add($"database: {needle}");
            }
        }

        Assert.True(hits.Count == 0, "canary values leaked:\n" + string.Join("\n", hits));
    }

    private static string CultureInfo(FormattableString s) => FormattableString.Invariant(s);

    private HttpClient Client(string user)
    {
        var client = factory.CreateDefaultClient(new RecordingHandler(_bodies));
        client.DefaultRequestHeaders.Add("X-Dev-User", user);
        return client;
    }

    private async Task Record(HttpResponseMessage response) => _bodies.Add(await response.Content.ReadAsStringAsync());

    private byte[] ReadDatabaseFiles()
    {
        using var all = new MemoryStream();
        foreach (var path in new[] { factory.DatabasePath, factory.DatabasePath + "-wal" })
        {
            if (File.Exists(path))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                file.CopyTo(all);
            }
        }

        return all.ToArray();
    }

    private sealed class RecordingHandler(List<string> bodies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            lock (bodies)
            {
                bodies.Add(body);
            }

            return response;
        }
    }

    private sealed record Canary(string CustomerId, string FirstName, string LastName, string Email, string Phone, string NationalPhone)
    {
        public IEnumerable<string> Needles => [CustomerId, FirstName, LastName, Email, Email.Split('@')[0], Phone, NationalPhone];

        public static Canary Create(int i)
        {
            var tag = Guid.NewGuid().ToString("N")[..10];
            var util = PhoneNumberUtil.GetInstance();
            var random = new Random();
            string national;
            do
            {
                national = $"212{random.Next(200, 999)}{random.Next(0, 10_000):D4}";
            }
            while (!util.IsValidNumber(util.Parse(national, "US")));

            return new Canary($"CANARYID{tag}{i}", $"Canaryfirst{tag}{i}", $"Canarylast{tag}{i}", $"canarymail{tag}{i}@example.com", $"+1{national}", national);
        }
    }
}

internal static partial class CanaryLog
{
    [LoggerMessage(EventId = 9999, Level = LogLevel.Warning, Message = "Slipped through: {Value}")]
    public static partial void Slipped(ILogger logger, [PersonalData] string value);
}
