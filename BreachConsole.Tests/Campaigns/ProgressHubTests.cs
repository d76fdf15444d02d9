using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using BreachConsole.Core.Campaigns;
using BreachConsole.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static BreachConsole.Tests.Campaigns.CampaignRig;

namespace BreachConsole.Tests.Campaigns;

/// <summary>
/// <c>/hubs/progress</c> over real Kestrel: Subscribe, then <c>progress</c> pushes — through the .NET client and through the
/// official JavaScript client (<c>@microsoft/signalr</c> from npm, run by node), which a browser dashboard or an operator's
/// script would use. <c>./test.sh</c> installs the JS client (<c>npm ci</c> in <c>BreachConsole.Tests/SignalRJs</c>) when
/// it is missing; without it the JS tests fail, they never skip.
/// </summary>
public sealed class ProgressHubTests : IAsyncLifetime
{
    private sealed class Factory : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Dispatch:Tick"] = "00:00:00.05",
            ["Dispatch:ProgressPollInterval"] = "00:00:00.2",
            ["Genesys:RequestsPerMinute"] = "60000",
            ["Genesys:Sandbox:RequestsPerMinute"] = "60000",
            ["Genesys:Sandbox:MessagesPerMinute"] = "60000",
        };
    }

    private readonly Factory _factory = new();
    private string _baseUrl = "";

    public Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        _baseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return Task.CompletedTask;
    }

    private HubConnection Connect(string? user) => new HubConnectionBuilder()
        .WithUrl(new Uri(new Uri(_baseUrl), "/hubs/progress"), o =>
        {
            if (user is not null)
            {
                o.Headers["X-Dev-User"] = user;
            }
        })
        .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()))
        .Build();

    [Fact]
    public async Task Subscribe_AuditorOnALaunchedCampaign_ReceivesProgressUntilCompleted()
    {
        await SeedTemplatesAsync(_factory);
        var carol = Client(DemoUsers.OpsCarol);
        var dave = Client(DemoUsers.OpsDave);
        var campaign = await CreateCampaignAsync(carol, await IncidentWithContactsAsync(carol, Row("H-1"), Row("H-2"), Row("H-3", channel: "Email")));
        await ApproveAsync(carol, dave, campaign);

        await using var hub = Connect(DemoUsers.AuditorErin);
        var received = Channel.CreateUnbounded<CampaignProgressView>();
        hub.On<CampaignProgressView>("progress", p => received.Writer.TryWrite(p));
        await hub.StartAsync();
        var first = await hub.InvokeAsync<CampaignProgressView>("Subscribe", campaign);
        Assert.Equal(CampaignState.Approved, first.State);
        Assert.Equal(3, first.Total);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await LaunchAsync(dave, campaign, "hub")).StatusCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        CampaignProgressView last;
        do
        {
            last = await received.Reader.ReadAsync(timeout.Token);
        }
        while (last.State != CampaignState.Completed);

        Assert.Equal(3, last.Delivered);
        Assert.Equal(0, last.Pending);
    }

    [Fact]
    public async Task Connect_WithoutSignIn_IsRefused()
    {
        await using var hub = Connect(null);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task JsClient_SubscribedBeforeLaunch_ReceivesProgressUntilCompleted()
    {
        await SeedTemplatesAsync(_factory);
        var carol = Client(DemoUsers.OpsCarol);
        var dave = Client(DemoUsers.OpsDave);
        var campaign = await CreateCampaignAsync(carol, await IncidentWithContactsAsync(carol, Row("J-1"), Row("J-2"), Row("J-3", channel: "Email")));
        await ApproveAsync(carol, dave, campaign);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        using var node = StartClient(DemoUsers.AuditorErin, campaign);
        var subscribed = await ReadAsync(node, "subscribed ", timeout.Token);
        Assert.Equal("Approved", subscribed.GetProperty("state").GetString());
        Assert.Equal(3, subscribed.GetProperty("total").GetInt32());
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await LaunchAsync(dave, campaign, "js-client")).StatusCode);

        var pushes = new List<JsonElement>();
        do
        {
            pushes.Add(await ReadAsync(node, "progress ", timeout.Token));
        }
        while (pushes[^1].GetProperty("state").GetString() != "Completed");
        await node.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, node.ExitCode);
        Assert.Contains(pushes, p => p.GetProperty("state").GetString() == "Running");
        Assert.Equal(3, pushes[^1].GetProperty("delivered").GetInt64());
        Assert.Equal(0, pushes[^1].GetProperty("pending").GetInt32());
        Assert.Equal(campaign, pushes[^1].GetProperty("campaignId").GetGuid());
        foreach (var field in new[] { "total", "suppressed", "blocked", "uploaded", "failed", "ratePerMinute", "etaSeconds", "rateLimited", "serverErrors", "circuit", "slaBreached" })
        {
            Assert.True(pushes[^1].TryGetProperty(field, out _), $"progress lacks '{field}'");
        }
    }

    [Fact]
    public async Task JsClient_WithoutSignIn_IsRefused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var node = StartClient("-", Guid.NewGuid());

        var stderr = await node.StandardError.ReadToEndAsync(timeout.Token);
        await node.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, node.ExitCode);
        Assert.Contains("401", stderr, StringComparison.Ordinal);
    }

    private Process StartClient(string user, Guid campaign)
    {
        var folder = ClientFolder();
        var start = new ProcessStartInfo("node", [Path.Combine(folder, "progress-client.mjs"), _baseUrl, user, campaign.ToString()])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start) ?? throw new InvalidOperationException("node did not start");
    }

    /// <summary>The next stdout line with <paramref name="prefix"/>, parsed; the client's stderr if it ended first.</summary>
    private static async Task<JsonElement> ReadAsync(Process node, string prefix, CancellationToken ct)
    {
        while (await node.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line[prefix.Length..]).RootElement.Clone();
            }
        }

        throw new InvalidOperationException("the JS client ended early: " + await node.StandardError.ReadToEndAsync(ct));
    }

    private static string ClientFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "BreachConsole.Tests", "SignalRJs");
            if (File.Exists(Path.Combine(folder, "package.json")))
            {
                Assert.True(
                    Directory.Exists(Path.Combine(folder, "node_modules", "@microsoft", "signalr")),
                    $"@microsoft/signalr is not installed: run 'npm ci' in {folder} (./test.sh does it).");
                return folder;
            }
        }

        throw new InvalidOperationException("BreachConsole.Tests/SignalRJs not found above " + AppContext.BaseDirectory);
    }

    private HttpClient Client(string user)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Dev-User", user);
        return client;
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }
}
