using System.Net;
using System.Net.Http.Json;
using BreachConsole.Core.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Infrastructure;

/// <summary>What the audit, evidence and incident tests share: the app's trail and a quick way to write entries.</summary>
public static class AuditTestKit
{
    public static AuditTrail Trail(ConsoleFactory app) => app.Services.GetRequiredService<AuditTrail>();

    /// <summary>Creates <paramref name="count"/> incidents over the API as ops.carol: one audit entry each.</summary>
    public static async Task CreateIncidentsAsync(ConsoleFactory app, int count)
    {
        var ops = app.Api(DemoUsers.OpsCarol);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await ops.PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident())).StatusCode);
        }
    }
}
