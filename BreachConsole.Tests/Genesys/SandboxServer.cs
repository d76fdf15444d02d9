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

    /// <summary>The deliveries of the delivery loop's next timer tick (after a fake clock moved); fails loudly if none comes.</summary>
    public async Task<int> NextTickAsync() =>
        await _app.Services.GetRequiredService<SandboxDeliveryService>().Ticks.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>The sandbox's own file, for assertions on what it recorded.</summary>
    internal async Task<T> QueryAsync<T>(Func<SandboxDbContext, Task<T>> query)
    {
        await using var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<SandboxDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>
    /// A request the product's client would never send (e.g. <c>doNotQueue=false</c>, or a body Genesys must refuse),
    /// with a token of its own, straight to the sandbox.
    /// </summary>
    public async Task<HttpResponseMessage> RawAsync(HttpMethod method, string path, string? json = null)
    {
        using var http = new HttpClient();
        using var login = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, "oauth/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = "sandbox", ["client_secret"] = "sandbox-secret",
            }),
        };
        using var token = await http.SendAsync(login);
        var accessToken = System.Text.Json.JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl, path.TrimStart('/')));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <param name="sandboxTime">
    /// The sandbox's clock (its delivery timer, token lifetimes, rate windows). A fake one stopped at the real time unless
    /// given, so the delivery loop's timer never races a test's own <see cref="DeliverOneSecondAsync"/>.
    /// </param>
    /// <param name="clientTime">The client's clock (token renewal, pacing, not-before times); the real one unless given.</param>
    public static async Task<SandboxServer> StartAsync(IReadOnlyDictionary<string, string?>? sandboxSettings = null, int clientRequestsPerMinute = 6000,
        TimeProvider? sandboxTime = null, TimeProvider? clientTime = null)
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
            builder.Services.AddSingleton(sandboxTime ?? new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow));
        });
        await app.StartAsync();

        var services = new ServiceCollection();
        services.AddLogging();
        if (clientTime is not null)
        {
            services.AddSingleton(clientTime);
        }

        var baseUrl = new Uri(app.Urls.First().TrimEnd('/') + SandboxEndpoints.Prefix + "/");
        services.AddGenesys(o =>
        {
            o.Mode = GenesysMode.Cloud;
            o.ApiBaseUrl = baseUrl;
            o.LoginBaseUrl = baseUrl;
            o.ClientId = "sandbox";
            o.ClientSecret = "sandbox-secret";
            o.RequestsPerMinute = clientRequestsPerMinute;
            o.BatchSize = 100;
        });
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
