using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using BreachConsole.Core.Genesys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Uploads N contacts in batches through the real GenesysClient against a running standalone sandbox and reports the
// achieved request rate against the limit and the share of 429s. Not part of the test suite. See README, "Benchmarks".
//
//   dotnet run -c Release --project BreachConsole -- sandbox --urls http://127.0.0.1:5090   (with Genesys__Sandbox__RequestsPerMinute=600)
//   dotnet run -c Release --project bench/BreachConsole.Bench.GenesysUpload -- --url http://127.0.0.1:5090/sandbox/genesys/ --contacts 60000 --batch 100 --rpm 600

var settings = Args.Parse(args);
var services = new ServiceCollection();
services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
services.AddGenesys(o =>
{
    o.Mode = GenesysMode.Cloud;
    o.ApiBaseUrl = settings.Url;
    o.LoginBaseUrl = settings.Url;
    o.ClientId = settings.ClientId;
    o.ClientSecret = settings.ClientSecret;
    o.RequestsPerMinute = settings.RequestsPerMinute;
    o.BatchSize = settings.BatchSize;
});
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<GenesysClient>();
var time = provider.GetRequiredService<TimeProvider>();
using var statsHttp = new HttpClient();

var statsBefore = await Stats(statsHttp, settings.Url);
var list = await client.EnsureContactListAsync(new ContactList
{
    Name = $"bench-{Guid.NewGuid():N}",
    ColumnNames = [GenesysContactIds.ContactKeyColumn, "phone", "message"],
    PhoneColumns = [new ContactPhoneNumberColumn("phone", "cell")],
});
var incident = Guid.NewGuid();
var batches = Enumerable.Range(0, settings.Contacts)
    .Select(i => new DialerContact
    {
        Id = GenesysContactIds.For(incident, $"customer-{i}", BreachConsole.Core.Dispatch.Channel.Sms),
        Data = new Dictionary<string, string>
        {
            [GenesysContactIds.ContactKeyColumn] = $"tok_{i:D8}",
            ["phone"] = $"+1555{i:D7}",
            ["message"] = "Notice of a data breach affecting your account.",
        },
    })
    .Chunk(settings.BatchSize).ToList();

// The dispatcher's shape in miniature: workers take batches; a batch handed back goes back on the queue at its
// not-before time (a TimeProvider timer), and a rate-limited hand-back also pauses the workers until then, since every
// other batch would be handed back too. Nothing sleeps: the pause is an awaited timer.
var queue = Channel.CreateUnbounded<DialerContact[]>();
foreach (var batch in batches)
{
    queue.Writer.TryWrite(batch);
}

var remaining = batches.Count;
var handedBack = 0;
var pausedUntilTicks = 0L;
var requestsBefore = client.Counters.Requests;
var clock = Stopwatch.StartNew();
var workers = Enumerable.Range(0, settings.Workers).Select(async _ =>
{
    await foreach (var batch in queue.Reader.ReadAllAsync())
    {
        var pause = new DateTimeOffset(Interlocked.Read(ref pausedUntilTicks), TimeSpan.Zero) - time.GetUtcNow();
        if (pause > TimeSpan.Zero)
        {
            await Task.Delay(pause, time);
        }

        try
        {
            await client.AddContactsAsync(list.Id!, batch);
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                queue.Writer.Complete();
            }
        }
        catch (GenesysRetryLaterException ex)
        {
            Interlocked.Increment(ref handedBack);
            if (ex.Reason == RetryReason.RateLimited)
            {
                Interlocked.Exchange(ref pausedUntilTicks, Math.Max(Interlocked.Read(ref pausedUntilTicks), ex.NotBefore.UtcTicks));
            }

            var wait = ex.NotBefore - time.GetUtcNow();
            ITimer? timer = null;
            timer = time.CreateTimer(_ =>
            {
                queue.Writer.TryWrite(batch);
                timer?.Dispose();
            }, null, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }
}).ToList();
await Task.WhenAll(workers);
clock.Stop();

var statsAfter = await Stats(statsHttp, settings.Url);
var counters = client.Counters;
var uploadRequests = counters.Requests - requestsBefore;
var minutes = clock.Elapsed.TotalMinutes;
var ratePerMinute = uploadRequests / minutes;
var sandboxRequests = statsAfter.GetProperty("requests").GetInt64() - statsBefore.GetProperty("requests").GetInt64();
var sandbox429 = statsAfter.GetProperty("rateLimited").GetInt64() - statsBefore.GetProperty("rateLimited").GetInt64();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
    contacts uploaded      {settings.Contacts:N0} in {batches.Count} batches of {settings.BatchSize} ({settings.Workers} workers)
    wall time              {clock.Elapsed:mm\:ss\.f}
    upload requests        {uploadRequests} (client count; sandbox saw {sandboxRequests} incl. token and list calls)
    achieved rate          {ratePerMinute:F1} requests/min vs limit {settings.RequestsPerMinute}/min = {100 * ratePerMinute / settings.RequestsPerMinute:F1} %
    429 answers            {counters.RateLimited} = {100.0 * counters.RateLimited / Math.Max(uploadRequests, 1):F2} % of requests (sandbox counted {sandbox429})
    handed back            {handedBack} batches (retried after their not-before time)
    5xx / circuit          {counters.ServerErrors} / {counters.Circuit}
    sandbox contacts held  {statsAfter.GetProperty("contactsReceived").GetInt64():N0}
    """));
return 0;

static async Task<JsonElement> Stats(HttpClient http, Uri url) =>
    JsonDocument.Parse(await http.GetStringAsync(new Uri(url, "_stats"))).RootElement.Clone();

internal sealed record Args(Uri Url, int Contacts, int BatchSize, int RequestsPerMinute, int Workers, string ClientId, string ClientSecret)
{
    public static Args Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Number(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        var url = Value("--url", "http://127.0.0.1:5090/sandbox/genesys/");
        return new Args(new Uri(url.EndsWith('/') ? url : url + "/"), Number("--contacts", 60_000), Number("--batch", 100), Number("--rpm", 600),
            Number("--workers", 4), Value("--client-id", "sandbox"), Value("--client-secret", "sandbox-secret"));
    }
}
