using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using BreachConsole.Tests.Infrastructure;

namespace BreachConsole.Tests.Campaigns;

/// <summary>
/// Exactly once under fire (issue 9's crash test): the standalone sandbox injecting 10 % 503 and 5 % 429, 10,000
/// contacts, two console processes on one database and one sandbox, one of them killed -9 at a random moment five times
/// and restarted. Every eligible contact is messaged exactly once and the console's progress agrees with the sandbox.
/// </summary>
[Trait("Category", "Crash")]
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Contacts = 10_000;
    private const int OptedOut = 100;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "breachconsole-tests", "crash-" + Guid.NewGuid().ToString("N"));
    private readonly List<Process> _processes = [];
    private readonly Dictionary<int, string> _logs = [];

    public CrashRecoveryTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task Dispatch_TwoConsolesKilledFiveTimesUnderFaults_EveryEligibleContactMessagedExactlyOnce()
    {
        var sandboxUrl = $"http://127.0.0.1:{FreePort()}";
        Start("sandbox", ["sandbox", "--urls", sandboxUrl], new()
        {
            ["Genesys__Sandbox__Database"] = Path.Combine(_folder, "sandbox.db"),
            ["Genesys__Sandbox__ServerErrorRate"] = "0.10",
            ["Genesys__Sandbox__RateLimitRate"] = "0.05",
            ["Genesys__Sandbox__RequestsPerMinute"] = "100000",
            ["Genesys__Sandbox__MessagesPerMinute"] = "30000",
        });
        using var sandbox = new HttpClient { BaseAddress = new Uri(sandboxUrl) };
        await WaitHealthyAsync(sandbox, _processes[^1]);

        var consoles = new[] { ($"http://127.0.0.1:{FreePort()}", "console-a"), ($"http://127.0.0.1:{FreePort()}", "console-b") };
        var running = consoles.Select(c => StartConsole(c.Item1, c.Item2, sandboxUrl)).ToArray();
        using var carol = Client(consoles[0].Item1, DemoUsers.OpsCarol);
        using var dave = Client(consoles[0].Item1, DemoUsers.OpsDave);
        await WaitHealthyAsync(carol, running[0]);
        await WaitHealthyAsync(Client(consoles[1].Item1, null), running[1]);

        await ApproveSmsTemplateAsync(consoles[0].Item1);
        var incident = await ContactsApi.CreateIncidentAsync(carol);
        var csv = new StringBuilder(ContactsApi.Header + ",optOutMarketing,optOutServiceAlerts\n");
        for (var i = 0; i < Contacts; i++)
        {
            csv.Append(ContactsApi.Row($"K-{i:00000}")).Append(i < OptedOut ? ",false,true\n" : ",false,false\n");
        }

        var imported = await (await ContactsApi.PostCsvAsync(carol, incident, csv.ToString())).JsonAsync();
        Assert.Equal(Contacts, imported.GetProperty("accepted").GetInt32());
        var campaign = await CampaignRig.CreateCampaignAsync(carol, incident, template: "Crash notice");
        await CampaignRig.ApproveAsync(carol, dave, campaign);
        Assert.Equal(HttpStatusCode.Accepted, (await CampaignRig.LaunchAsync(dave, campaign, "crash")).StatusCode);

        var random = new Random(20261202);
        for (var kill = 0; kill < 5; kill++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(800, 3_000)));
            var victim = random.Next(consoles.Length);
            running[victim].Kill(entireProcessTree: true);
            await running[victim].WaitForExitAsync();
            running[victim] = StartConsole(consoles[victim].Item1, consoles[victim].Item2, sandboxUrl);
            await WaitHealthyAsync(Client(consoles[victim].Item1, null), running[victim]);
        }

        using var watcher = Client(consoles[1].Item1, DemoUsers.AuditorErin);
        var progress = await WaitCompletedAsync(watcher, campaign, TimeSpan.FromMinutes(6));
        var stats = await sandbox.GetFromJsonAsync<JsonElement>("/sandbox/genesys/_stats");
        const int eligible = Contacts - OptedOut;
        Assert.True(stats.GetProperty("serverErrors").GetInt64() > 0 && stats.GetProperty("rateLimited").GetInt64() > 0, $"faults were injected: {stats}");
        Assert.Equal(0, stats.GetProperty("duplicateDeliveries").GetInt64());
        Assert.Equal(eligible, stats.GetProperty("messagesDelivered").GetInt64());
        Assert.Equal(eligible, stats.GetProperty("contactsReceived").GetInt64());
        Assert.Equal(eligible, progress.GetProperty("delivered").GetInt64());
        Assert.Equal(OptedOut, progress.GetProperty("suppressed").GetInt32());
        Assert.Equal(0, progress.GetProperty("pending").GetInt32());
    }

    private Process StartConsole(string url, string instance, string sandboxUrl) => Start(instance, ["--urls", url], new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ConnectionStrings__BreachConsole"] = $"Data Source={Path.Combine(_folder, "console.db")}",
        ["Keys__LocalKeyRingPath"] = Path.Combine(_folder, "keyring.json"),
        ["Demo__Seed"] = "false",
        ["Genesys__ApiBaseUrl"] = sandboxUrl + "/sandbox/genesys/",
        ["Genesys__LoginBaseUrl"] = sandboxUrl + "/sandbox/genesys/",
        ["Genesys__Sandbox__Database"] = Path.Combine(_folder, instance + "-unused-sandbox.db"),
        ["Genesys__RequestsPerMinute"] = "3000",
        ["Genesys__BatchSize"] = "100",
        ["Dispatch__InstanceId"] = instance,
        ["Dispatch__LeaseDuration"] = "00:00:05",
        ["Dispatch__Tick"] = "00:00:00.1",
        ["Dispatch__ProgressPollInterval"] = "00:00:01",
        ["Logging__LogLevel__Default"] = "Warning",
    });

    private Process Start(string name, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BreachConsole.dll"), .. args])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var logPath = Path.Combine(_folder, $"{name}-{process.Id}.log");
        _logs[process.Id] = logPath;
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static async Task ApproveSmsTemplateAsync(string url)
    {
        using var alice = Client(url, DemoUsers.LegalAlice);
        using var bob = Client(url, DemoUsers.LegalBob);
        var created = await alice.PostAsJsonAsync("/api/v1/templates", new
        {
            name = "Crash notice", channel = "Sms", locale = "en-US", body = Templates.TemplateTestKit.GoodSms,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        (await alice.PostAsync($"/api/v1/templates/{id}/submit", null)).EnsureSuccessStatusCode();
        (await bob.PostAsync($"/api/v1/templates/{id}/approve", null)).EnsureSuccessStatusCode();
    }

    private static HttpClient Client(string url, string? user)
    {
        var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(100) };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add("X-Dev-User", user);
        }

        return client;
    }

    /// <summary>Waits for <c>/healthz</c>; when it never answers, the failure carries the process's exit and last log lines.</summary>
    private async Task WaitHealthyAsync(HttpClient client, Process process)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (DateTimeOffset.UtcNow < deadline && !process.HasExited)
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
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        var exit = process.HasExited ? $"exited with {process.ExitCode}" : "still running";
        using var reader = new StreamReader(new FileStream(_logs[process.Id], FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var log = string.Join('\n', (await reader.ReadToEndAsync()).Split('\n').TakeLast(40));
        Assert.Fail($"{client.BaseAddress} did not become healthy ({exit}); its last log lines:\n{log}");
    }

    private static async Task<JsonElement> WaitCompletedAsync(HttpClient client, Guid campaign, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        var progress = default(JsonElement);
        while (DateTimeOffset.UtcNow < deadline)
        {
            progress = await (await client.GetAsync($"/api/v1/campaigns/{campaign}/progress")).JsonAsync();
            if (progress.GetProperty("state").GetString() == "Completed")
            {
                return progress;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"The campaign did not complete within {within}; last progress: {progress}");
        return progress;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
