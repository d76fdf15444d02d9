using BreachConsole.Core.Demo;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Preferences;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Contacts;

public sealed class SeededConsoleFactory : ConsoleFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Demo:Seed"] = "true" };
}

public sealed class ContactDemoSeedTests(SeededConsoleFactory factory) : IClassFixture<SeededConsoleFactory>
{
    [Fact]
    public async Task Seed_EmptyDatabase_ImportsThousandMixedContactsWithSomeOptOuts()
    {
        var ops = factory.Api(DemoUsers.OpsCarol);
        var incidents = await (await ops.GetAsync($"/api/v1/incidents?externalRef={DemoSeeder.DemoExternalRef}")).JsonAsync();
        var incident = incidents.GetProperty("items")[0].GetProperty("id").GetGuid();

        var all = await (await ops.GetAsync($"/api/v1/incidents/{incident}/contacts?pageSize=500")).JsonAsync();

        Assert.Equal(1_000, all.GetProperty("total").GetInt32());
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        var countries = await db.Contacts.Where(c => c.IncidentId == incident).Select(c => c.Country).Distinct().ToListAsync();
        Assert.Equal(["DE", "FR", "MX", "PR", "US"], countries.Order());
        Assert.Equal(3, await db.Contacts.Where(c => c.IncidentId == incident).Select(c => c.Channel).Distinct().CountAsync());
        Assert.True(await db.Contacts.Where(c => c.IncidentId == incident).Select(c => c.Locale).Distinct().CountAsync() >= 6);
        var tokens = await db.Contacts.Where(c => c.IncidentId == incident).Select(c => c.Token).ToListAsync();
        var preferences = await factory.Services.GetRequiredService<IPreferenceSource>().GetAsync(tokens, CancellationToken.None);
        var optedOut = preferences.Values.Count(p => p.OptOutMarketing || p.OptOutServiceAlerts);
        Assert.InRange(optedOut, 5, 100);
    }

    [Fact]
    public async Task Seed_EmptyDatabase_DemoIncidentHasItsStartEventsAndNoticeFacts()
    {
        var ops = factory.Api(DemoUsers.OpsCarol);
        var list = await (await ops.GetAsync($"/api/v1/incidents?externalRef={DemoSeeder.DemoExternalRef}")).JsonAsync();
        var incident = await (await ops.GetAsync($"/api/v1/incidents/{list.GetProperty("items")[0].GetProperty("id").GetGuid()}")).JsonAsync();

        var awareAt = incident.GetProperty("awareAt").GetDateTimeOffset();
        Assert.Equal(awareAt, incident.GetProperty("discoveredAt").GetDateTimeOffset());
        Assert.Equal(awareAt, incident.GetProperty("determinedAt").GetDateTimeOffset());
        Assert.False(string.IsNullOrWhiteSpace(incident.GetProperty("description").GetString()));
        Assert.True(incident.GetProperty("breachStart").GetDateTimeOffset() < incident.GetProperty("breachEnd").GetDateTimeOffset());
        Assert.True(incident.GetProperty("breachStart").GetDateTimeOffset() <= awareAt);
    }

    [Fact]
    public async Task Seed_EmptyDatabase_LeavesADemoCampaignSubmittedByCarolForDaveToApprove()
    {
        var dave = factory.Api(DemoUsers.OpsDave);
        var campaigns = await (await dave.GetAsync("/api/v1/campaigns")).JsonAsync();
        var campaign = Assert.Single(campaigns.EnumerateArray());

        Assert.Equal(DemoSeeder.DemoCampaignName, campaign.GetProperty("name").GetString());
        Assert.Equal("AwaitingApproval", campaign.GetProperty("state").GetString());
        Assert.Equal(DemoUsers.OpsCarol, campaign.GetProperty("submittedBy").GetString());
        Assert.True(campaign.GetProperty("preflight").GetProperty("ready").GetBoolean());
        // The demo incident has its notice facts, so the demo email prints what happened and when (no warnings).
        Assert.Empty(campaign.GetProperty("preflight").GetProperty("warnings").EnumerateArray());
        var approve = await dave.PostAsync($"/api/v1/campaigns/{campaign.GetProperty("id").GetGuid()}/approve", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, approve.StatusCode);
    }
}
