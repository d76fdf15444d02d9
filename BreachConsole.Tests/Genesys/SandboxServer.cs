using BreachConsole.Core.Genesys;
using BreachConsole.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Tests.Genesys;

/// <summary>
/// The standalone sandbox (the same app as <c>dotnet run -- sandbox</c>) on real Kestrel at 127.0.0.1 on a free port, with
/// its own SQLite file, plus a real <see cref="GenesysClient"/> wired as production wires it and pointed at it.
/// </summary>
internal sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServiceProvider _clientServices;

    private SandboxServer(WebApplication app, ServiceProvider clientServices, string directory)
    {
        _app = app;
        _clientServices = clientServices;
        Directory = directory;
    }

    public string Directory { get; }

    public Uri BaseUrl => new(_app.Urls.First().TrimEnd('/') + SandboxEndpoints.Prefix + "/");

    public SandboxState State => _app.Services.GetRequiredService<SandboxState>();

    public GenesysClient Client => _clientServices.GetRequiredService<GenesysClient>();

    public GenesysMetrics ClientMetrics => _clientServices.GetRequiredService<GenesysMetrics>();

    public GenesysRateGate ClientGate => _clientServices.GetRequiredService<GenesysRateGate>();

    public Task<int> DeliverOneSecondAsync() => _app.Services.GetRequiredService<SandboxDeliveryService>().TickAsync(CancellationToken.None);

    /// <param name="sandboxTime">The sandbox's clock (its delivery timer, token lifetimes, rate windows); the client keeps the real one.</param>
    public static async Task<SandboxServer> StartAsync(IReadOnlyDictionary<string, string?>? sandboxSettings = null, int clientRequestsPerMinute = 6000,
        TimeProvider? sandboxTime = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "breachconsole-tests", "sandbox-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var settings = new Dictionary<string, string?>
        {
            ["Genesys:Sandbox:Database"] = Path.Combine(directory, "sandbox.db"),
            ["Genesys:Sandbox:RequestsPerMinute"] = "100000",
            ["Genesys:Sandbox:MessagesPerMinute"] = "60000",
        };
        foreach (var (key, value) in sandboxSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = SandboxHost.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (sandboxTime is not null)
            {
                builder.Services.AddSingleton(sandboxTime);
            }
        });
        await app.StartAsync();

        var services = new ServiceCollection();
        services.AddLogging();
        var baseUrl = new Uri(app.Urls.First().TrimEnd('/') + SandboxEndpoints.Prefix + "/");
        services.AddOptions<GenesysOptions>().Configure(o =>
        {
            o.Mode = GenesysMode.Cloud;
            o.ApiBaseUrl = baseUrl;
            o.LoginBaseUrl = baseUrl;
            o.ClientId = "sandbox";
            o.ClientSecret = "sandbox-secret";
            o.RequestsPerMinute = clientRequestsPerMinute;
            o.BatchSize = 100;
        });
        services.AddGenesys();
        return new SandboxServer(app, services.BuildServiceProvider(), directory);
    }

    public async Task<SandboxStatsSnapshot> StatsAsync()
    {
        using var http = new HttpClient();
        var json = await http.GetStringAsync(new Uri(BaseUrl, "_stats"));
        var doc = System.Text.Json.JsonDocument.Parse(json).RootElement;
        return new SandboxStatsSnapshot(doc.GetProperty("requests").GetInt64(), doc.GetProperty("rateLimited").GetInt64(),
            doc.GetProperty("serverErrors").GetInt64(), doc.GetProperty("contactsReceived").GetInt64(),
            doc.GetProperty("messagesDelivered").GetInt64(), doc.GetProperty("duplicateDeliveries").GetInt64());
    }

    public async ValueTask DisposeAsync()
    {
        await _clientServices.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
