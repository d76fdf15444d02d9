using BreachConsole.Sandbox;

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

    [Theory]
    [InlineData("sms", "+15551234567", "+1 *** *** 4567")]
    [InlineData("voice", "+44 7700 900123", "+4 *** *** 0123")]
    [InlineData("email", "jane.doe@example.com", "j***@example.com")]
    [InlineData("sms", "123", "***")]
    [InlineData("sms", null, "—")]
    public void Mask_Address_ShowsNoFullValue(string channel, string? address, string expected) =>
        Assert.Equal(expected, SandboxMask.Address(channel, address));
}
