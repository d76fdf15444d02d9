using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;

// Contact import benchmark: N generated rows through the real endpoint (the console as its own process on real Kestrel
// and a real SQLite file) against the raw SQLite insert rate of the same rows without parsing or crypto.
//   dotnet run -c Release --project bench/BreachConsole.Bench.Import -- [rows]
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var configuration = typeof(Program).Assembly.Location.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
var root = FindRoot();
var consoleDll = Path.Combine(root, "BreachConsole", "bin", configuration, "net10.0", "BreachConsole.dll");
var work = Path.Combine(Path.GetTempPath(), "breachconsole-bench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);
var csvPath = Path.Combine(work, "contacts.csv");

Console.WriteLine($"Generating {rows:N0} rows → {csvPath}");
var bytes = Generate(csvPath, rows);
Console.WriteLine($"  {bytes / 1024.0 / 1024.0:N1} MB");

// 1. Raw SQLite: same table, same indexes, same batch size, values as plain bytes (no parsing, no crypto).
var raw = RawInsert(Path.Combine(work, "raw.db"), rows);
Console.WriteLine($"Raw SQLite insert:  {rows / raw.TotalSeconds,12:N0} rows/s  ({raw.TotalSeconds:N1} s)");

// 2. The real endpoint.
var port = FreePort();
using var server = StartConsole(consoleDll, root, work, port);
using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan };
http.DefaultRequestHeaders.Add("X-Dev-User", "ops.carol");
await WaitReadyAsync(http, server);
var incident = await http.PostAsJsonAsync("/api/v1/incidents", new
{
    title = "Benchmark",
    awareAt = "2026-11-01T10:00:00Z",
    jurisdictions = new[] { "EU" },
    dataElements = new[] { "Name" },
});
incident.EnsureSuccessStatusCode();
var incidentId = (await incident.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

long peak = 0;
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        server.Refresh();
        peak = Math.Max(peak, server.WorkingSet64);
        await Task.Delay(100);
    }
});

var watch = Stopwatch.StartNew();
await using (var file = File.OpenRead(csvPath))
{
    using var content = new StreamContent(file, 64 * 1024);
    content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
    var response = await http.PostAsync($"/api/v1/incidents/{incidentId}/contacts", content);
    watch.Stop();
    var body = await response.Content.ReadAsStringAsync();
    Console.WriteLine($"Endpoint answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 160)]}");
}

await sampling.CancelAsync();
await sampler;
server.Refresh();
peak = Math.Max(peak, PeakWorkingSet(server));
var endpointRate = rows / watch.Elapsed.TotalSeconds;
Console.WriteLine($"Endpoint import:    {endpointRate,12:N0} rows/s  ({watch.Elapsed.TotalSeconds:N1} s)");
Console.WriteLine($"Ratio to raw:       {endpointRate / (rows / raw.TotalSeconds),12:N2}   (target ≥ 0.40)");
Console.WriteLine($"Peak working set:   {peak / 1024.0 / 1024.0,12:N0} MB (console process; target ≤ 400 MB)");

// The Contacts page's queries at this size: first page, a filtered page, a deep page (each with its total count).
foreach (var query in new[] { "page=1&pageSize=50", "country=US&channel=Sms&pageSize=50", "locale=es-US&page=200&pageSize=50", "page=19000&pageSize=50" })
{
    var list = Stopwatch.StartNew();
    var page = await http.GetAsync($"/api/v1/incidents/{incidentId}/contacts?{query}");
    list.Stop();
    Console.WriteLine($"GET contacts?{query,-40} {(int)page.StatusCode} in {list.ElapsedMilliseconds,5} ms");
}

// The evidence pack for the whole incident (issue 6: streams, under 30 s at 1,000,000 contacts).
{
    using var auditor = new HttpClient { BaseAddress = http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    auditor.DefaultRequestHeaders.Add("X-Dev-User", "auditor.erin");
    var evidenceWatch = Stopwatch.StartNew();
    using var response = await auditor.GetAsync($"/api/v1/incidents/{incidentId}/evidence", HttpCompletionOption.ResponseHeadersRead);
    await using var body = await response.Content.ReadAsStreamAsync();
    var size = 0L;
    var buffer = new byte[81920];
    int read;
    while ((read = await body.ReadAsync(buffer)) > 0)
    {
        size += read;
    }

    evidenceWatch.Stop();
    server.Refresh();
    Console.WriteLine($"Evidence pack:      {(int)response.StatusCode}, {size / 1024.0 / 1024.0:N1} MB zip in {evidenceWatch.Elapsed.TotalSeconds:N1} s (target < 30 s); "
        + $"console peak working set so far {PeakWorkingSet(server) / 1024.0 / 1024.0:N0} MB");
}

server.Kill(entireProcessTree: true);
await server.WaitForExitAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(work, recursive: true);
return 0;

static long Generate(string path, int rows)
{
    string[] firsts = ["Avery", "Jordan", "Morgan", "Riley", "Casey", "Quinn", "Lucía", "Mateo", "Chloé", "Jonas"];
    string[] lasts = ["Walker", "Brooks", "Hayes", "Reed", "Parker", "Rivera", "Ortiz", "Dubois", "Müller", "Weber"];
    string[] areas = ["201", "202", "212", "213", "305", "312", "415", "617", "702", "718"];
    string[] channels = ["Sms", "Email", "Voice"];
    string[] locales = ["en-US", "es-US", "en-us"];
    var random = new Random(7);
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
    writer.Write("customerId,firstName,lastName,email,phone,country,preferredLanguage,preferredChannel\n");
    for (var i = 0; i < rows; i++)
    {
        var first = firsts[random.Next(firsts.Length)];
        var last = lasts[random.Next(lasts.Length)];
        writer.Write(FormattableString.Invariant(
            $"BENCH-{i:D8},{first},{last},customer{i}@example.com,({areas[i % areas.Length]}) {random.Next(200, 1000)}-{random.Next(0, 10_000):D4},US,{locales[i % 3]},{channels[i % 3]}\n"));
    }

    writer.Flush();
    return writer.BaseStream.Length;
}

static TimeSpan RawInsert(string path, int rows)
{
    using var connection = new SqliteConnection($"Data Source={path}");
    connection.Open();
    using (var ddl = connection.CreateCommand())
    {
        ddl.CommandText = """
            PRAGMA journal_mode=WAL;
            PRAGMA cache_size=-65536;
            CREATE TABLE Contacts (Id INTEGER PRIMARY KEY AUTOINCREMENT, IncidentId TEXT NOT NULL, Token TEXT NOT NULL,
              CustomerIdCipher BLOB NOT NULL, FirstNameCipher BLOB NOT NULL, LastNameCipher BLOB NULL, EmailCipher BLOB NULL, PhoneCipher BLOB NULL,
              Country TEXT NOT NULL, Locale TEXT NOT NULL, Channel TEXT NOT NULL, ImportedAt INTEGER NOT NULL);
            CREATE UNIQUE INDEX IX_Contacts_IncidentId_Token ON Contacts (IncidentId, Token);
            CREATE INDEX IX_Contacts_IncidentId_Id ON Contacts (IncidentId, Id);
            CREATE INDEX IX_Contacts_IncidentId_Country_Id ON Contacts (IncidentId, Country, Id);
            CREATE INDEX IX_Contacts_IncidentId_Locale_Id ON Contacts (IncidentId, Locale, Id);
            CREATE INDEX IX_Contacts_IncidentId_Channel_Id ON Contacts (IncidentId, Channel, Id);
            """;
        ddl.ExecuteNonQuery();
    }

    // The same rows, pre-built so only the inserts are timed: the same shape the console stores (a random 43-character
    // token, and each field as many bytes as its envelope: UTF-8 value + 33), but no parsing, validation or crypto.
    var random = new Random(7);
    static byte[] Sized(string value, Random random)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 33];
        random.NextBytes(bytes);
        return bytes;
    }

    var prepared = new (string Token, byte[] Id, byte[] First, byte[] Last, byte[] Email, byte[] Phone, string Locale, string Channel)[rows];
    var tokenBytes = new byte[32];
    for (var i = 0; i < rows; i++)
    {
        random.NextBytes(tokenBytes);
        var token = Convert.ToBase64String(tokenBytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        prepared[i] = (token, Sized($"BENCH-{i:D8}", random), Sized("Avery", random), Sized("Walker", random),
            Sized($"customer{i}@example.com", random), Sized("+12025550143", random), "en-US", "Sms");
    }

    var incident = Guid.NewGuid().ToString().ToUpperInvariant();
    var watch = Stopwatch.StartNew();
    var tx = connection.BeginTransaction();
    using var insert = connection.CreateCommand();
    insert.CommandText = """
        INSERT INTO Contacts (IncidentId, Token, CustomerIdCipher, FirstNameCipher, LastNameCipher, EmailCipher, PhoneCipher, Country, Locale, Channel, ImportedAt)
        VALUES ($incident, $token, $customerId, $firstName, $lastName, $email, $phone, 'US', $locale, $channel, $at)
        ON CONFLICT (IncidentId, Token) DO NOTHING
        """;
    foreach (var name in new[] { "$incident", "$token", "$customerId", "$firstName", "$lastName", "$email", "$phone", "$locale", "$channel", "$at" })
    {
        insert.Parameters.Add(new SqliteParameter { ParameterName = name });
    }

    insert.Transaction = tx;
    insert.Prepare();
    insert.Parameters["$incident"].Value = incident;
    insert.Parameters["$at"].Value = 0L;
    for (var i = 0; i < rows; i++)
    {
        var r = prepared[i];
        insert.Parameters["$token"].Value = r.Token;
        insert.Parameters["$customerId"].Value = r.Id;
        insert.Parameters["$firstName"].Value = r.First;
        insert.Parameters["$lastName"].Value = r.Last;
        insert.Parameters["$email"].Value = r.Email;
        insert.Parameters["$phone"].Value = r.Phone;
        insert.Parameters["$locale"].Value = r.Locale;
        insert.Parameters["$channel"].Value = r.Channel;
        insert.ExecuteNonQuery();
        if ((i + 1) % 2_000 == 0)
        {
            tx.Commit();
            tx.Dispose();
            tx = connection.BeginTransaction();
            insert.Transaction = tx;
        }
    }

    tx.Commit();
    tx.Dispose();
    return watch.Elapsed;
}

static Process StartConsole(string dll, string root, string work, int port)
{
    if (!File.Exists(dll))
    {
        throw new FileNotFoundException($"Build the console first (dotnet build -c Release): {dll}");
    }

    var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", Path.Combine(root, "BreachConsole")])
    {
        UseShellExecute = false,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
    start.Environment["ConnectionStrings__BreachConsole"] = $"Data Source={Path.Combine(work, "console.db")}";
    start.Environment["Keys__LocalKeyRingPath"] = Path.Combine(work, "keyring.json");
    start.Environment["Genesys__Sandbox__Database"] = Path.Combine(work, "sandbox.db");
    start.Environment["Demo__Seed"] = "false";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) =>
    {
        if (e.Data is not null)
        {
            Console.Error.WriteLine($"  [console] {e.Data}");
        }
    };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitReadyAsync(HttpClient http, Process server)
{
    for (var i = 0; i < 600; i++)
    {
        if (server.HasExited)
        {
            throw new InvalidOperationException($"The console exited with {server.ExitCode}.");
        }

        try
        {
            if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
        }

        await Task.Delay(100);
    }

    throw new TimeoutException("The console did not become ready.");
}

static long PeakWorkingSet(Process process)
{
    // VmHWM: the kernel's own high-water mark of resident memory, so a peak between samples is not missed.
    var status = $"/proc/{process.Id}/status";
    if (File.Exists(status))
    {
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        if (line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kb))
        {
            return kb * 1024;
        }
    }

    return process.PeakWorkingSet64;
}

static int FreePort()
{
    using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BreachConsole.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run the bench from inside the repository.");
}
