using System.Net;
using System.Net.Http.Json;
using BreachConsole.Tests.Infrastructure;
using static BreachConsole.Tests.Infrastructure.AuditTestKit;

namespace BreachConsole.Tests.Incidents;

/// <summary>Incident creation under concurrent requests: one wins, the rest are conflicts, the chain records one.</summary>
public sealed class IncidentConcurrencyTests
{
    public async Task CreateIncident_RacingSameExternalRef_OneCreatedOthersConflictNever500()
    {
        using var app = new ConsoleFactory();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident("pagerduty:PRACE"))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, (await Trail(app).HeadAsync()).Sequence);
    }
}
