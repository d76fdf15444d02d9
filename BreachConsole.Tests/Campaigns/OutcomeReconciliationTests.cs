using BreachConsole.Core.Audit;
using BreachConsole.Core.Campaigns;
using BreachConsole.Core.Persistence;
using BreachConsole.Sandbox;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static BreachConsole.Tests.Campaigns.CampaignRig;

namespace BreachConsole.Tests.Campaigns;

/// <summary>
/// Per-contact outcome when Genesys skips contacts: its progress only counts them, so each uploaded contact of a skipping
/// channel is read back after completion. The embedded sandbox and the dispatcher run on one fake clock, so the test
/// decides when Genesys delivers: after the upload and after one contact was made uncallable on the Genesys side.
/// </summary>
public sealed class OutcomeReconciliationTests : IDisposable
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
            ["Dispatch:ProgressPollInterval"] = "00:00:01",
            ["Genesys:BatchSize"] = "1",
            ["Genesys:RequestsPerMinute"] = "60000",
            ["Genesys:Sandbox:RequestsPerMinute"] = "60000",
            ["Genesys:Sandbox:MessagesPerMinute"] = "60000",
        };
    }

    private readonly Factory _factory = new();

    [Fact]
    public async Task Completed_GenesysSkippedOneContact_ThatContactFailedTheOthersDelivered()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        await SeedTemplatesAsync(_factory);
        var carol = Client(DemoUsers.OpsCarol);
        var dave = Client(DemoUsers.OpsDave);
        var campaign = await CreateCampaignAsync(carol, await IncidentWithContactsAsync(carol, Row("R-1"), Row("R-2"), Row("R-3")));
        await ApproveAsync(carol, dave, campaign);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await LaunchAsync(dave, campaign, "reconcile")).StatusCode);
        var dispatcher = _factory.Services.GetRequiredService<CampaignDispatcher>();
        var contexts = _factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>();

        // Upload all three with the clock standing still: the sandbox has delivered nothing yet.
        List<OutboxItem> items = [];
        for (var i = 0; i < 10 && items.Count(x => x.State == OutboxItemState.Uploaded) < 3; i++)
        {
            await dispatcher.TickAsync(CancellationToken.None);
            await dispatcher.DrainAsync();
            items = await ItemsAsync(contexts, campaign);
        }

        Assert.All(items, x => Assert.Equal(OutboxItemState.Uploaded, x.State));
        var skipped = items[1];
        await using (var sandbox = await _factory.Services.GetRequiredService<IDbContextFactory<SandboxDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(1, await sandbox.Contacts.Where(c => c.Id == skipped.GenesysContactId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Callable, false)));
        }

        // Genesys delivers, the campaign completes, and the reconciler reads the three contacts back.
        for (var i = 0; i < 60 && (await ItemsAsync(contexts, campaign)).Any(x => x.State == OutboxItemState.Uploaded); i++)
        {
            _factory.Clock.Advance(TimeSpan.FromSeconds(1));
            await dispatcher.TickAsync(CancellationToken.None);
            await dispatcher.DrainAsync();
        }

        items = await ItemsAsync(contexts, campaign);
        Assert.Equal(OutboxItemState.Failed, items[1].State);
        Assert.Equal(OutcomeReconciler.SkippedReason, items[1].Reason);
        Assert.All(new[] { items[0], items[2] }, x => Assert.Equal(OutboxItemState.Delivered, x.State));
        var progress = await (await carol.GetAsync($"/api/v1/campaigns/{campaign}/progress")).JsonAsync();
        Assert.Equal("Completed", progress.GetProperty("state").GetString());
        Assert.Equal(2, progress.GetProperty("delivered").GetInt64());
        Assert.Equal(1, progress.GetProperty("failed").GetInt32());
        await using var db = await contexts.CreateDbContextAsync();
        var audit = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.CampaignOutcomesReconciled);
        Assert.Contains("\"failed\":\"1\"", audit.Details, StringComparison.Ordinal);
    }

    private static async Task<List<OutboxItem>> ItemsAsync(IDbContextFactory<BreachConsoleDbContext> contexts, Guid campaign)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Set<OutboxItem>().AsNoTracking().Where(i => i.CampaignId == campaign).OrderBy(i => i.ContactId).ToListAsync();
    }

    private HttpClient Client(string user)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Dev-User", user);
        return client;
    }

    public void Dispose() => _factory.Dispose();
}
