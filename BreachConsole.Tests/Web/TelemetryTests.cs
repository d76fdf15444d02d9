using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BreachConsole.Tests.Web;

/// <summary>
/// OpenTelemetry export to a real OTLP/HTTP endpoint (a stub collector on loopback): the request span exported is the
/// one whose id is the problem-details <c>traceId</c> and the audit entry's <c>correlationId</c>, and the console's own
/// meters reach the collector.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Export_EndpointSet_SendsTheRequestSpanWhoseIdIsTheTraceIdOfProblemDetailsAndAudit()
    {
        await using var collector = await StubCollector.StartAsync();
        string traceId;
        string? correlationId;
        using (var app = new TracedConsole(collector.Endpoint))
        {
            var refused = await app.Api(DemoUsers.LegalAlice).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            traceId = (await refused.JsonAsync()).GetProperty("traceId").GetString()!;
            var audit = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit?outcome=Denied")).JsonAsync();
            correlationId = audit.GetProperty("items").EnumerateArray().Single().GetProperty("correlationId").GetString();

            // Export now instead of on the SDK's schedule; both calls wait for the collector's answer.
            Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(), "metrics were exported");
            Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(), "traces were exported");
        }

        // W3C trace parent: 00-<trace id>-<span id>-<flags>; OTLP carries the ids as raw bytes.
        var parts = traceId.Split('-');
        Assert.Equal(4, parts.Length);
        Assert.Equal(traceId, correlationId);
        var traces = collector.Bodies("/v1/traces");
        Assert.Contains(traces, body => Contains(body, Convert.FromHexString(parts[1])) && Contains(body, Convert.FromHexString(parts[2])));
        Assert.Contains(traces, body => Contains(body, Encoding.UTF8.GetBytes("BreachConsole")));
        var metrics = collector.Bodies("/v1/metrics");
        Assert.Contains(metrics, body => Contains(body, Encoding.UTF8.GetBytes("audit.entries")));
        Assert.Contains(metrics, body => Contains(body, Encoding.UTF8.GetBytes("http.server.request.duration")));
    }

    [Fact]
    public async Task Export_NoEndpoint_RequestsStillCarryOneTraceIdInProblemDetailsAndAudit()
    {
        using var app = new ConsoleFactory();
        var refused = await app.Api(DemoUsers.LegalAlice).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());
        var traceId = (await refused.JsonAsync()).GetProperty("traceId").GetString();

        var audit = await (await app.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/audit?outcome=Denied")).JsonAsync();

        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", traceId);
        Assert.Equal(traceId, audit.GetProperty("items").EnumerateArray().Single().GetProperty("correlationId").GetString());
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private sealed class TracedConsole(Uri endpoint) : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["OpenTelemetry:Endpoint"] = endpoint.ToString(),
            ["OpenTelemetry:Protocol"] = "HttpProtobuf",
        };
    }

    /// <summary>An OTLP/HTTP collector that keeps every body it is sent, by path.</summary>
    private sealed class StubCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        private StubCollector(WebApplication app) => _app = app;

        public Uri Endpoint { get; private set; } = null!;

        public static async Task<StubCollector> StartAsync()
        {
            var app = LoopbackHost.Create();
            var collector = new StubCollector(app);
            app.MapPost("/{**path}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._received.Enqueue((context.Request.Path.Value ?? "", body.ToArray()));
                context.Response.ContentType = "application/x-protobuf";
                return Results.Ok();
            });
            await app.StartAsync();
            collector.Endpoint = LoopbackHost.Address(app);
            return collector;
        }

        public List<byte[]> Bodies(string path) => _received.Where(r => r.Path == path).Select(r => r.Body).ToList();

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
