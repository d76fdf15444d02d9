using System.Net.Http.Json;
using System.Text.Json;
using BreachConsole.Core.Genesys;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Genesys;

/// <summary>The console on its embedded default (Genesys:Mode=Sandbox, no ApiBaseUrl) on real Kestrel.</summary>
public sealed class EmbeddedSandboxTests : IDisposable
{
    private readonly ConsoleFactory _factory = new();

    [Fact]
    public async Task ConsoleClient_NoApiBaseUrl_TalksToItsOwnSandboxOverHttp()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        var client = _factory.Services.GetRequiredService<GenesysClient>();

        var list = await client.EnsureContactListAsync(GenesysClientContractTests.SmsList("embedded"));
        await client.AddContactsAsync(list.Id!, GenesysClientContractTests.Contacts(list.Id!, 5, "embedded"));

        using var http = _factory.CreateClient();
        var stats = await http.GetFromJsonAsync<JsonElement>("/sandbox/genesys/_stats");
        Assert.Equal(5, stats.GetProperty("contactsReceived").GetInt64());
        Assert.Equal(3, client.Counters.Requests);
        Assert.Equal(GenesysCircuitState.Closed, client.Counters.Circuit);
    }

    public void Dispose() => _factory.Dispose();
}
