// Campaign dispatch benchmark (issue 9): the real console and the standalone Genesys sandbox as separate processes on
// loopback, driven through the HTTP API as an operator would.
//   Part 1: N contacts (default 20,000), batches of 100, sandbox limited to 300 requests/min: time until every contact is
//           uploaded vs the ceiling (upload requests needed ÷ limit), share of 429s, time from launch to the first
//           message, console CPU per contact; then every contact messaged exactly once.
//   Part 2 (--preflight N, e.g. 1000000): preflight of N contacts, and the console's peak memory (VmHWM) while it
//           plans and starts dispatching them.
// Build the console first: dotnet build -c Release BreachConsole
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

var options = Args.Parse(args);
var app = Path.GetFullPath(options.Get("app", "BreachConsole/bin/Release/net10.0/BreachConsole.dll"));
if (!File.Exists(app))
{
    Console.Error.WriteLine($"{app} is missing: run 'dotnet build -c Release BreachConsole' first.");
    return 2;
}

var contacts = options.Int("contacts", 20_000);
var rpm = options.Int("rpm", 300);
var batch = options.Int("batch", 100);
var preflightContacts = options.Int("preflight", 0);
var keep = options.Get("keep", "false") == "true";
var folder = Path.Combine(Path.GetTempPath(), "breachconsole-bench-campaigns-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);
var processes = new List<Process>();
try
{
    var sandboxUrl = $"http://127.0.0.1:{FreePort()}";
    processes.Add(Start(app, folder, "sandbox", ["sandbox", "--urls", sandboxUrl], new()
    {
        ["Genesys__Sandbox__Database"] = Path.Combine(folder, "sandbox.db"),
        ["Genesys__Sandbox__RequestsPerMinute"] = rpm.ToString(CultureInfo.InvariantCulture),
        ["Genesys__Sandbox__MessagesPerMinute"] = "60000",
    }));
    var consoleUrl = $"http://127.0.0.1:{FreePort()}";
    var console = Start(app, folder, "console", ["--urls", consoleUrl], new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ConnectionStrings__BreachConsole"] = $"Data Source={Path.Combine(folder, "console.db")}",
        ["Keys__LocalKeyRingPath"] = Path.Combine(folder, "keyring.json"),
        ["Demo__Seed"] = "false",
        ["Genesys__ApiBaseUrl"] = sandboxUrl + "/sandbox/genesys/",
        ["Genesys__LoginBaseUrl"] = sandboxUrl + "/sandbox/genesys/",
        ["Genesys__Sandbox__Database"] = Path.Combine(folder, "unused-sandbox.db"),
        ["Genesys__RequestsPerMinute"] = rpm.ToString(CultureInfo.InvariantCulture),
        ["Genesys__BatchSize"] = batch.ToString(CultureInfo.InvariantCulture),
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__BreachConsole.Core.Campaigns"] = keep ? "Information" : "Warning",
    });
    processes.Add(console);
    using var sandbox = Client(sandboxUrl, null);
    using var carol = Client(consoleUrl, "ops.carol");
    using var dave = Client(consoleUrl, "ops.dave");
    await WaitHealthyAsync(sandbox);
    await WaitHealthyAsync(carol);
    await ApproveTemplateAsync(consoleUrl);

    // ---- warm-up: a console runs long before the day it is needed, so the figures below are not JIT and first-connection
    // costs; one 10-contact campaign through the whole path first (excluded from every figure; the sandbox counts it).
    var warmUp = await CreateIncidentAsync(carol);
    await ImportAsync(carol, warmUp, 10, "W");
    var warmUpCampaign = await PrepareAsync(carol, dave, warmUp, "Warm-up");
    await LaunchAsync(dave, warmUpCampaign);
    while ((await carol.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{warmUpCampaign}/progress")).GetProperty("state").GetString() != "Completed")
    {
        await Task.Delay(200);
    }

    var warm = await sandbox.GetFromJsonAsync<JsonElement>("/sandbox/genesys/_stats");
    long warmRequests = warm.GetProperty("requests").GetInt64(), warmDelivered = warm.GetProperty("messagesDelivered").GetInt64(),
        warmLimited = warm.GetProperty("rateLimited").GetInt64();

    // ---- part 1: upload throughput and exactly once -------------------------------------------------------------
    var incident = await CreateIncidentAsync(carol);
    await ImportAsync(carol, incident, contacts, "B");
    var campaign = await PrepareAsync(carol, dave, incident, "Bench wave");
    var cpuBefore = CpuTime(console);
    var launched = Stopwatch.StartNew();
    await LaunchAsync(dave, campaign);
    TimeSpan? firstMessage = null, allUploaded = null;
    JsonElement progress;
    while (true)
    {
        var stats = await sandbox.GetFromJsonAsync<JsonElement>("/sandbox/genesys/_stats");
        firstMessage ??= stats.GetProperty("messagesDelivered").GetInt64() > warmDelivered ? launched.Elapsed : null;
        progress = await carol.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign}/progress");
        allUploaded ??= progress.GetProperty("uploaded").GetInt32() >= contacts ? launched.Elapsed : null;
        if (progress.GetProperty("state").GetString() == "Completed")
        {
            break;
        }

        if (launched.Elapsed > TimeSpan.FromMinutes(30))
        {
            throw new TimeoutException($"not completed after 30 minutes: {progress}");
        }

        await Task.Delay(100);
    }

    var cpu = CpuTime(console) - cpuBefore;
    var final = await sandbox.GetFromJsonAsync<JsonElement>("/sandbox/genesys/_stats");
    var uploadRequests = (contacts + batch - 1) / batch;
    var ceiling = TimeSpan.FromMinutes((double)uploadRequests / rpm);
    var requests = final.GetProperty("requests").GetInt64() - warmRequests;
    var limited = final.GetProperty("rateLimited").GetInt64() - warmLimited;
    Console.WriteLine($"contacts                 {contacts:N0} (batch {batch}, limit {rpm}/min)");
    Console.WriteLine($"all uploaded after       {allUploaded!.Value.TotalSeconds:F1} s; ceiling {uploadRequests} requests ÷ {rpm}/min = {ceiling.TotalSeconds:F1} s; ratio {ceiling / allUploaded.Value:F2}");
    Console.WriteLine($"                         every request of the run (setup, uploads, progress polls) {requests} ÷ {rpm}/min = {TimeSpan.FromMinutes((double)requests / rpm).TotalSeconds:F1} s; ratio {TimeSpan.FromMinutes((double)requests / rpm) / allUploaded.Value:F2}");
    Console.WriteLine($"429s                     {limited} of {requests} requests = {100.0 * limited / Math.Max(1, requests):F2} %");
    Console.WriteLine($"launch → first message   {firstMessage!.Value.TotalSeconds:F1} s");
    Console.WriteLine($"completed after          {launched.Elapsed.TotalSeconds:F1} s");
    Console.WriteLine($"console CPU              {cpu.TotalMilliseconds / contacts:F3} ms per contact ({cpu.TotalSeconds:F1} s)");
    Console.WriteLine($"delivered / duplicates   {final.GetProperty("messagesDelivered").GetInt64() - warmDelivered:N0} / {final.GetProperty("duplicateDeliveries").GetInt64()}");

    // ---- part 2: preflight at scale and memory while dispatching ------------------------------------------------
    if (preflightContacts > 0)
    {
        var big = await CreateIncidentAsync(carol);
        var importing = Stopwatch.StartNew();
        await ImportAsync(carol, big, preflightContacts, "M");
        Console.WriteLine($"imported                 {preflightContacts:N0} contacts in {importing.Elapsed.TotalSeconds:F1} s");
        var importPeak = PeakMb(console);
        Console.WriteLine($"console resident         {ResidentMb(console)} MB at the end of the import (VmRSS)");
        ResetPeak(console);
        var created = await carol.PostAsJsonAsync($"/api/v1/incidents/{big}/campaigns", new { name = "Million", templateName = "Bench notice" });
        var bigCampaign = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var timing = Stopwatch.StartNew();
        var preflight = await carol.PostAsync($"/api/v1/campaigns/{bigCampaign}/preflight", null);
        preflight.EnsureSuccessStatusCode();
        Console.WriteLine($"preflight                {preflightContacts:N0} contacts in {timing.Elapsed.TotalSeconds:F1} s (target < 60 s)");
        await Post(carol, $"/api/v1/campaigns/{bigCampaign}/submit");
        await Post(dave, $"/api/v1/campaigns/{bigCampaign}/approve");
        await LaunchAsync(dave, bigCampaign);
        var watch = Stopwatch.StartNew();
        var minutes = options.Int("dispatch-seconds", 120);
        while (watch.Elapsed < TimeSpan.FromSeconds(minutes))
        {
            await Task.Delay(1000);
        }

        var p = await carol.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{bigCampaign}/progress");
        Console.WriteLine($"after {minutes} s dispatching  uploaded {p.GetProperty("uploaded").GetInt32():N0}, delivered {p.GetProperty("delivered").GetInt64():N0}");
        Console.WriteLine($"console peak memory      {importPeak} MB up to the end of the import (VmHWM)");
        Console.WriteLine($"console peak memory      {PeakMb(console)} MB during preflight and dispatch of {preflightContacts:N0} (VmHWM after a reset; target ≤ 400 MB)");
    }
    else
    {
        Console.WriteLine($"console peak memory      {PeakMb(console)} MB (VmHWM)");
    }

    return 0;
}
finally
{
    foreach (var process in processes)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    try
    {
        if (keep)
        {
            Console.WriteLine($"kept the run's databases and logs in {folder}");
        }
        else
        {
            Directory.Delete(folder, recursive: true);
        }
    }
    catch (IOException)
    {
    }
}

static async Task ApproveTemplateAsync(string url)
{
    using var alice = Client(url, "legal.alice");
    using var bob = Client(url, "legal.bob");
    var created = await alice.PostAsJsonAsync("/api/v1/templates", new
    {
        name = "Bench notice", channel = "Sms", locale = "en-US",
        body = "{{ org.name }}: we sent you an important notice about your data: {{ notice.url }} Preferences: {{ preferences_url }}",
    });
    created.EnsureSuccessStatusCode();
    var template = await created.Content.ReadFromJsonAsync<JsonElement>();
    var id = template.GetProperty("id").GetGuid();
    await Post(alice, $"/api/v1/templates/{id}/submit");
    (await bob.PostAsJsonAsync($"/api/v1/templates/{id}/approve", new { version = template.GetProperty("version").GetInt32() })).EnsureSuccessStatusCode();
}

static async Task<Guid> CreateIncidentAsync(HttpClient ops)
{
    var response = await ops.PostAsJsonAsync("/api/v1/incidents", new
    {
        title = "Benchmark incident", awareAt = "2026-11-01T10:00:00Z", jurisdictions = new[] { "US-CA" }, dataElements = new[] { "Name", "Email" },
    });
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
}

static async Task ImportAsync(HttpClient ops, Guid incident, int count, string prefix)
{
    var csv = new StringBuilder("customerId,firstName,lastName,email,phone,country,preferredLanguage,preferredChannel\n");
    for (var i = 0; i < count; i++)
    {
        csv.Append(CultureInfo.InvariantCulture, $"{prefix}-{i:0000000},Jane,Doe,{prefix.ToLowerInvariant()}{i}@example.com,(202) 555-0143,US,en-US,Sms\n");
    }

    using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
    var response = await ops.PostAsync($"/api/v1/incidents/{incident}/contacts", content);
    response.EnsureSuccessStatusCode();
    var accepted = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32();
    if (accepted != count)
    {
        throw new InvalidOperationException($"imported {accepted} of {count}");
    }
}

static async Task<Guid> PrepareAsync(HttpClient carol, HttpClient dave, Guid incident, string name)
{
    var created = await carol.PostAsJsonAsync($"/api/v1/incidents/{incident}/campaigns", new { name, templateName = "Bench notice" });
    created.EnsureSuccessStatusCode();
    var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    await Post(carol, $"/api/v1/campaigns/{id}/preflight");
    await Post(carol, $"/api/v1/campaigns/{id}/submit");
    await Post(dave, $"/api/v1/campaigns/{id}/approve");
    return id;
}

static async Task LaunchAsync(HttpClient ops, Guid campaign)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/campaigns/{campaign}/launch");
    request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
    var response = await ops.SendAsync(request);
    if (response.StatusCode != HttpStatusCode.Accepted)
    {
        throw new InvalidOperationException($"launch answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

static async Task Post(HttpClient client, string path)
{
    var response = await client.PostAsync(path, null);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

static HttpClient Client(string url, string? user)
{
    var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(10) };
    if (user is not null)
    {
        client.DefaultRequestHeaders.Add("X-Dev-User", user);
    }

    return client;
}

static async Task WaitHealthyAsync(HttpClient client)
{
    for (var i = 0; i < 600; i++)
    {
        try
        {
            if ((await client.GetAsync("/healthz")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(200);
    }

    throw new TimeoutException($"{client.BaseAddress} did not start");
}

static Process Start(string app, string folder, string name, string[] args, Dictionary<string, string> environment)
{
    var start = new ProcessStartInfo("dotnet", [app, .. args])
    {
        WorkingDirectory = Path.GetDirectoryName(app)!,
        RedirectStandardError = true,
        RedirectStandardOutput = true,
        UseShellExecute = false,
    };
    foreach (var (key, value) in environment)
    {
        start.Environment[key] = value;
    }

    var process = Process.Start(start)!;
    var log = new StreamWriter(Path.Combine(folder, name + ".log")) { AutoFlush = true };
    process.OutputDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
    process.ErrorDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static TimeSpan CpuTime(Process process)
{
    process.Refresh();
    return process.TotalProcessorTime;
}

static long PeakMb(Process process)
{
    var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

static long ResidentMb(Process process)
{
    var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

// Linux: writing 5 to clear_refs resets the process's peak resident set (VmHWM), so a phase's own peak can be read.
static void ResetPeak(Process process) => File.WriteAllText($"/proc/{process.Id}/clear_refs", "5");

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

internal sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Args(values);
    }

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
