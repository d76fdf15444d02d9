using System.Net.Http.Json;
using System.Text.Json;
using BreachConsole.Core.Campaigns;
using BreachConsole.Core.Persistence;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BreachConsole.Tests.Campaigns.CampaignRig;

namespace BreachConsole.Tests.Campaigns;

/// <summary>
/// The dispatch engine against the embedded sandbox over real HTTP (real Kestrel, real SQLite): exactly once per eligible
/// contact, per channel, with preferences re-checked at send time.
/// </summary>
public sealed class DispatchTests : IDisposable
{
    private sealed class Factory(bool dispatcherRuns, int batchSize) : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Dispatch:Enabled"] = dispatcherRuns ? "true" : "false",
            ["Dispatch:Tick"] = "00:00:00.05",
            ["Dispatch:ProgressPollInterval"] = "00:00:00.2",
            ["Dispatch:MaxConcurrentBatches"] = dispatcherRuns ? "4" : "1",
            ["Genesys:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Genesys:RequestsPerMinute"] = "60000",
            ["Genesys:Sandbox:RequestsPerMinute"] = "60000",
            ["Genesys:Sandbox:MessagesPerMinute"] = "60000",
        };
    }

    private Factory _factory = null!;

    private async Task<(HttpClient Carol, HttpClient Dave)> StartAsync(bool dispatcherRuns, int batchSize)
    {
        _factory = new Factory(dispatcherRuns, batchSize);
        _factory.UseKestrel(0);
        _factory.StartServer();
        await SeedTemplatesAsync(_factory);
        return (Client(DemoUsers.OpsCarol), Client(DemoUsers.OpsDave));
    }

    private HttpClient Client(string user)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Dev-User", user);
        return client;
    }

    [Fact]
    public async Task Launch_MixedChannelsAndOptOuts_EveryEligibleContactMessagedExactlyOnce()
    {
        var (carol, dave) = await StartAsync(dispatcherRuns: true, batchSize: 7);
        var rows = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var channel = (i % 3) switch { 0 => "Sms", 1 => "Email", _ => "Voice" };
            rows.Add(Row($"D-{i:000}", channel: channel, language: i % 5 == 0 && channel != "Voice" ? "es-PR" : "en-US", marketing: i % 4 == 0, service: i % 10 == 9));
        }

        var incident = await IncidentWithContactsAsync(carol, [.. rows]);
        var campaign = await CreateCampaignAsync(carol, incident);
        await ApproveAsync(carol, dave, campaign);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await LaunchAsync(dave, campaign, "go")).StatusCode);

        var progress = await WaitForStateAsync(carol, campaign, "Completed", TimeSpan.FromSeconds(90));

        var stats = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/sandbox/genesys/_stats");
        const int eligible = 60 - 6;
        var contexts = _factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var channels = await db.Set<CampaignChannelState>().Where(c => c.CampaignId == campaign).ToListAsync();
            Assert.True(stats.GetProperty("messagesDelivered").GetInt64() == eligible,
                $"stats {stats}; progress {progress}; channels {JsonSerializer.Serialize(channels)}; logs "
                + string.Join("\n", _factory.Logs.Lines.Where(l => l.Contains("Campaign", StringComparison.Ordinal) || l.Contains("Dispatch", StringComparison.Ordinal)).Take(30)));
        }

        Assert.Equal(0, stats.GetProperty("duplicateDeliveries").GetInt64());
        Assert.Equal(eligible, stats.GetProperty("messagesDelivered").GetInt64());
        Assert.Equal(eligible, progress.GetProperty("delivered").GetInt64());
        Assert.Equal(6, progress.GetProperty("suppressed").GetInt32());
        Assert.Equal(0, progress.GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task Batch_ServiceAlertOptOutAfterLaunch_IsHonouredAtSendTimeAndRecorded()
    {
        var (carol, dave) = await StartAsync(dispatcherRuns: false, batchSize: 1);
        var incident = await IncidentWithContactsAsync(carol, Row("L-1"), Row("L-2"), Row("L-3"));
        var campaign = await CreateCampaignAsync(carol, incident);
        await ApproveAsync(carol, dave, campaign);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await LaunchAsync(dave, campaign, "go")).StatusCode);
        var dispatcher = _factory.Services.GetRequiredService<CampaignDispatcher>();

        await dispatcher.TickAsync(CancellationToken.None);
        await dispatcher.DrainAsync();
        (await carol.PutAsJsonAsync("/api/v1/preferences", new { customerId = "L-3", optOutMarketing = false, optOutServiceAlerts = true }))
            .EnsureSuccessStatusCode();
        for (var i = 0; i < 6; i++)
        {
            await dispatcher.TickAsync(CancellationToken.None);
            await dispatcher.DrainAsync();
        }

        var contexts = _factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var items = await db.Set<OutboxItem>().Where(i => i.CampaignId == campaign).OrderBy(i => i.ContactId).ToListAsync();
        // The first two went to Genesys (and are Delivered once Genesys completes the campaign); the third was held back.
        Assert.All(items.Take(2), i => Assert.Contains(i.State, new[] { OutboxItemState.Uploaded, OutboxItemState.Delivered }));
        Assert.Equal(OutboxItemState.Suppressed, items[2].State);
        Assert.Equal(ExceptionReasons.ServiceAlertsOptOut, items[2].Reason);
        var progress = await (await carol.GetAsync($"/api/v1/campaigns/{campaign}/progress")).JsonAsync();
        Assert.Equal(1, progress.GetProperty("suppressed").GetInt32());
        Assert.Equal(2, progress.GetProperty("uploaded").GetInt32());
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == Core.Audit.AuditActions.CampaignSuppressed));
    }

    private static async Task<JsonElement> WaitForStateAsync(HttpClient client, Guid campaign, string state, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        JsonElement progress;
        do
        {
            progress = await (await client.GetAsync($"/api/v1/campaigns/{campaign}/progress")).JsonAsync();
            if (progress.GetProperty("state").GetString() == state)
            {
                return progress;
            }

            await Task.Delay(200);
        }
        while (DateTimeOffset.UtcNow < deadline);

        Assert.Fail($"The campaign did not reach {state} within {within}; last progress: {progress}");
        return progress;
    }

    public void Dispose() => _factory?.Dispose();
}
