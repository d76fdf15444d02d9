using System.Threading.Channels;
using BreachConsole.Core.Campaigns;
using BreachConsole.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static BreachConsole.Tests.Campaigns.CampaignRig;

namespace BreachConsole.Tests.Campaigns;

/// <summary><c>/hubs/progress</c> over real Kestrel with a SignalR client: Subscribe, then <c>progress</c> pushes.</summary>
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
