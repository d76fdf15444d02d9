using BreachConsole.Core.Genesys;
using BreachConsole.Sandbox;
using Microsoft.Extensions.Time.Testing;

namespace BreachConsole.Tests.Genesys;

public sealed class SandboxTests
{
    [Fact]
    public async Task Sandbox_Restarted_KeepsContactsFromItsFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "breachconsole-tests", "sandbox-restart-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Genesys:Sandbox:Database"] = Path.Combine(directory, "sandbox.db") };
        string listId;
        await using (var first = await SandboxServer.StartAsync(settings))
        {
            var list = await first.Client.EnsureContactListAsync(GenesysClientContractTests.SmsList("survivor"));
            listId = list.Id!;
            await first.Client.AddContactsAsync(listId, GenesysClientContractTests.Contacts(listId, 7, "survivor"));
        }

        await using var second = await SandboxServer.StartAsync(settings);
        var again = await second.Client.EnsureContactListAsync(GenesysClientContractTests.SmsList("survivor"));

        Assert.Equal(listId, again.Id);
        Assert.Equal(7, (await second.StatsAsync()).ContactsReceived);
    }

    [Fact]
    public async Task Delivery_SandboxRestartedMidCampaign_ResumesFromItsFileWithoutDuplicates()
    {
        var directory = Path.Combine(Path.GetTempPath(), "breachconsole-tests", "sandbox-resume-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Genesys:Sandbox:Database"] = Path.Combine(directory, "sandbox.db"),
            ["Genesys:Sandbox:MessagesPerMinute"] = "300",
        };
        string campaignId;
        await using (var first = await SandboxServer.StartAsync(settings))
        {
            var list = await first.Client.EnsureContactListAsync(GenesysClientContractTests.SmsList("resume"));
            await first.Client.AddContactsAsync(list.Id!, GenesysClientContractTests.Contacts(list.Id!, 12, "resume"));
            campaignId = (await first.Client.EnsureMessagingCampaignAsync(GenesysClientContractTests.SmsCampaign("resume", list.Id!))).Id!;
            await first.Client.StartMessagingCampaignAsync(campaignId);
            Assert.Equal(5, await first.DeliverOneSecondAsync());
        }

        await using var second = await SandboxServer.StartAsync(settings);
        var delivered = new[] { await second.DeliverOneSecondAsync(), await second.DeliverOneSecondAsync(), await second.DeliverOneSecondAsync() };

        Assert.Equal([5, 2, 0], delivered);
        var stats = await second.StatsAsync();
        Assert.Equal(12, stats.MessagesDelivered);
        Assert.Equal(0, stats.DuplicateDeliveries);
        Assert.Equal(CampaignStatus.Complete, (await second.Client.GetMessagingCampaignAsync(campaignId)).CampaignStatus);
    }

    [Fact]
    public async Task Delivery_ClockAdvancedSecondBySecond_DeliversEachSecondsShareThenCompletes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxServer.StartAsync(new Dictionary<string, string?> { ["Genesys:Sandbox:MessagesPerMinute"] = "600" },
            sandboxTime: clock);
        var client = sandbox.Client;
        var list = await client.EnsureContactListAsync(GenesysClientContractTests.SmsList("clocked"));
        await client.AddContactsAsync(list.Id!, GenesysClientContractTests.Contacts(list.Id!, 25, "clocked"));
        var campaign = await client.EnsureMessagingCampaignAsync(GenesysClientContractTests.SmsCampaign("clocked", list.Id!));
        await client.StartMessagingCampaignAsync(campaign.Id!);

        var ticks = new List<int>();
        var messaged = new List<long?>();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            ticks.Add(await sandbox.NextTickAsync());
            messaged.Add((await client.GetMessagingCampaignProgressAsync(campaign.Id!)).NumberOfContactsMessaged);
        }

        Assert.Equal([10, 10, 5], ticks);
        Assert.Equal([10, 20, 25], messaged);
        Assert.Equal(CampaignStatus.Complete, (await client.GetMessagingCampaignAsync(campaign.Id!)).CampaignStatus);
    }

    [Theory]
    [InlineData("sms", "+15551234567", "+1 *** *** 4567")]
    [InlineData("voice", "+447700900123", "+44 *** *** 0123")]
    [InlineData("sms", "+33612345678", "+33 *** *** 5678")]
    [InlineData("email", "jane.doe@example.com", "j***@example.com")]
    [InlineData("sms", "123", "+*** *** ***")]
    [InlineData("sms", null, "—")]
    public void Mask_Address_ShowsNoFullValue(string channel, string? address, string expected) =>
        Assert.Equal(expected, SandboxMask.Address(channel, address));
}
