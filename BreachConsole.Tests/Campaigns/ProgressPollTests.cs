using BreachConsole.Core.Campaigns;
using BreachConsole.Core.Persistence;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static BreachConsole.Tests.Campaigns.CampaignRig;

namespace BreachConsole.Tests.Campaigns;

/// <summary>
/// Genesys progress polls share the per-minute request budget with the uploads: while a channel still has batches to
/// upload it is read every <c>ProgressPollIntervalWhileUploading</c>, afterwards every <c>ProgressPollInterval</c>. The
/// dispatcher is ticked by hand on a fake clock against the embedded sandbox.
/// </summary>
public sealed class ProgressPollTests : IDisposable
{
    private sealed class Factory : ConsoleFactory
    {
        public Factory()
        {
            Time = Clock;
        }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Dispatch:Enabled"] = "false",
            ["Dispatch:MaxConcurrentBatches"] = "1",
            ["Dispatch:ProgressPollInterval"] = "00:00:01",
            ["Dispatch:ProgressPollIntervalWhileUploading"] = "00:00:10",
            ["Genesys:BatchSize"] = "1",
            ["Genesys:RequestsPerMinute"] = "60000",
            ["Genesys:Sandbox:RequestsPerMinute"] = "60000",
            ["Genesys:Sandbox:MessagesPerMinute"] = "60000",
        };
    }

    private readonly Factory _factory = new();

    [Fact]
    public async Task Poll_WhileUploading_EveryUploadingInterval_ThenEveryPollInterval()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        await SeedTemplatesAsync(_factory);
        var carol = Client(DemoUsers.OpsCarol);
        var dave = Client(DemoUsers.OpsDave);
        var rows = Enumerable.Range(1, 8).Select(i => Row($"P-{i}")).ToArray();
        var campaign = await CreateCampaignAsync(carol, await IncidentWithContactsAsync(carol, rows));
        await ApproveAsync(carol, dave, campaign);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await LaunchAsync(dave, campaign, "poll")).StatusCode);
        var dispatcher = _factory.Services.GetRequiredService<CampaignDispatcher>();
        var contexts = _factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>();

        async Task<CampaignChannelState?> TickAsync()
        {
            await dispatcher.TickAsync(CancellationToken.None);
            await dispatcher.DrainAsync();
            await using var db = await contexts.CreateDbContextAsync();
            return await db.Set<CampaignChannelState>().AsNoTracking().SingleOrDefaultAsync(c => c.CampaignId == campaign);
        }

        // Set up and first read, the clock standing still; one batch of one contact a tick leaves most to upload.
        var channel = await TickAsync();
        for (var i = 0; i < 5 && channel?.CheckedAt is null; i++)
        {
            channel = await TickAsync();
        }

        var firstRead = _factory.Clock.GetUtcNow();
        Assert.Equal(firstRead, channel!.CheckedAt);
        Assert.False(channel.Finalized);

        _factory.Clock.Advance(TimeSpan.FromSeconds(2));
        channel = await TickAsync();
        Assert.False(channel!.Finalized);
        Assert.Equal(firstRead, channel.CheckedAt); // 2 s < 10 s while uploading: not read again

        _factory.Clock.Advance(TimeSpan.FromSeconds(8));
        channel = await TickAsync();
        Assert.Equal(_factory.Clock.GetUtcNow(), channel!.CheckedAt);

        // Everything uploaded and finalized: the ordinary interval applies.
        for (var i = 0; i < 20 && !channel!.Finalized; i++)
        {
            channel = await TickAsync();
        }

        Assert.True(channel!.Finalized);
        _factory.Clock.Advance(TimeSpan.FromSeconds(1));
        channel = await TickAsync();
        Assert.Equal(_factory.Clock.GetUtcNow(), channel!.CheckedAt);
    }

    [Fact]
    public async Task History_ToCompletion_OnePointPerSampleIntervalAndTheFinalCounts()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        await SeedTemplatesAsync(_factory);
        var carol = Client(DemoUsers.OpsCarol);
        var dave = Client(DemoUsers.OpsDave);
        var rows = Enumerable.Range(1, 6).Select(i => Row($"H-{i}")).ToArray();
        var campaign = await CreateCampaignAsync(carol, await IncidentWithContactsAsync(carol, rows));
        Assert.Empty((await (await carol.GetAsync($"/api/v1/campaigns/{campaign}/progress/history")).JsonAsync()).EnumerateArray());
        await ApproveAsync(carol, dave, campaign);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await LaunchAsync(dave, campaign, "history")).StatusCode);
        var dispatcher = _factory.Services.GetRequiredService<CampaignDispatcher>();

        // Two seconds a tick until Genesys (the sandbox, on the same clock) has messaged everyone and the campaign completes.
        for (var i = 0; i < 120; i++)
        {
            await dispatcher.TickAsync(CancellationToken.None);
            await dispatcher.DrainAsync();
            var state = (await (await carol.GetAsync($"/api/v1/campaigns/{campaign}/progress")).JsonAsync()).GetProperty("state").GetString();
            if (state == "Completed")
            {
                break;
            }

            _factory.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        // Any role reads it (as GET …/progress); counts only.
        var points = (await (await Client(DemoUsers.AuditorErin).GetAsync($"/api/v1/campaigns/{campaign}/progress/history")).JsonAsync())
            .EnumerateArray().ToList();
        Assert.True(points.Count >= 2, $"{points.Count} points");
        var last = points[^1];
        Assert.Equal(6, last.GetProperty("delivered").GetInt64());
        Assert.Equal(6, last.GetProperty("uploaded").GetInt32());
        var times = points.Select(p => p.GetProperty("at").GetDateTimeOffset()).ToList();
        for (var i = 1; i < times.Count - 1; i++)
        {
            Assert.True(times[i] - times[i - 1] >= DeliveryHistory.SampleEvery, $"points {i - 1} and {i} are {times[i] - times[i - 1]} apart");
        }

        Assert.True(points.Zip(points.Skip(1)).All(p => p.Second.GetProperty("delivered").GetInt64() >= p.First.GetProperty("delivered").GetInt64()));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await carol.GetAsync($"/api/v1/campaigns/{Guid.NewGuid()}/progress/history")).StatusCode);
    }

    [Fact]
    public void Thin_LongSeries_EvenlySpacedKeepingFirstAndLast()
    {
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var points = Enumerable.Range(0, 1000).Select(i => new DeliveryPoint(start.AddSeconds(10 * i), i, i)).ToList();

        var thinned = DeliveryHistory.Thin(points, 40);

        Assert.Equal(40, thinned.Count);
        Assert.Equal(points[0], thinned[0]);
        Assert.Equal(points[^1], thinned[^1]);
        Assert.True(thinned.Zip(thinned.Skip(1)).All(p => p.Second.Delivered > p.First.Delivered));
        Assert.Same(points, DeliveryHistory.Thin(points, 1000));
    }

    private HttpClient Client(string user)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Dev-User", user);
        return client;
    }

    public void Dispose() => _factory.Dispose();
}
