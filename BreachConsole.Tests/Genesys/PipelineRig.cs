using System.Net;
using System.Text;
using BreachConsole.Core.Genesys;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreachConsole.Tests.Genesys;

/// <summary>
/// The real transport (token, bucket, retry, breaker) over a scripted handler, on a fake clock. The handler answers the
/// token request itself and records when (on the fake clock) each API request arrived.
/// </summary>
internal sealed class PipelineRig : IDisposable
{
    private readonly object _gate = new();
    private readonly List<DateTimeOffset> _calls = [];
    private readonly System.Threading.Channels.Channel<int> _arrivals = System.Threading.Channels.Channel.CreateUnbounded<int>();

    public PipelineRig(int requestsPerMinute = 6000, GenesysResilienceSettings? settings = null)
    {
        var options = Options.Create(new GenesysOptions
        {
            Mode = GenesysMode.Cloud,
            ApiBaseUrl = new Uri("https://api.genesys.test/"),
            LoginBaseUrl = new Uri("https://login.genesys.test/"),
            ClientId = "client",
            ClientSecret = "secret",
            RequestsPerMinute = requestsPerMinute,
        });
        Settings = settings ?? new GenesysResilienceSettings { Jitter = () => 0 };
        Metrics = new GenesysMetrics();
        Gate = new GenesysRateGate(requestsPerMinute, Time, Metrics);
        Http = new HttpClient(new ScriptedHandler(this));
        var hosts = new OptionsGenesysHostResolver(options);
        Tokens = new GenesysTokenProvider(options, hosts, Time, NullLogger<GenesysTokenProvider>.Instance);
        Transport = new GenesysTransport(Tokens, hosts, Gate, Time, Metrics, Settings, NullLogger<GenesysTransport>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    public GenesysResilienceSettings Settings { get; }
    public GenesysMetrics Metrics { get; }
    public GenesysRateGate Gate { get; }
    public GenesysTokenProvider Tokens { get; }
    public GenesysTransport Transport { get; }
    public HttpClient Http { get; }

    /// <summary>How API requests are answered; a 200 with an empty array unless a test says otherwise.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage> Respond { get; set; } = _ => Json(HttpStatusCode.OK, "[]");

    public int Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.Count;
            }
        }
    }

    public IReadOnlyList<DateTimeOffset> CallTimes
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public const string ContactsPath = "api/v2/outbound/contactlists/0f8e2a4c-1b7d-4e59-a3c6-9d2e81f0b7a5/contacts";

    public Task<HttpResponseMessage> SendAsync(bool idempotent = true, string path = ContactsPath) =>
        Transport.SendAsync(Http, new GenesysRequest(HttpMethod.Post, path, idempotent, "[]"u8.ToArray()), CancellationToken.None);

    /// <summary>
    /// Waits until the handler has seen <paramref name="count"/> API requests: each arrival is signalled, nothing sleeps;
    /// fails loudly (timeout) when they do not come.
    /// </summary>
    public async Task WaitForCallsAsync(int count)
    {
        while (Calls < count)
        {
            await _arrivals.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(count, Calls);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Status(HttpStatusCode status) => Json(status, $$"""{"status":{{(int)status}},"code":"x","message":"x"}""");

    public void Dispose()
    {
        Http.Dispose();
        Gate.Dispose();
        Tokens.Dispose();
    }

    private sealed class ScriptedHandler(PipelineRig rig) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/oauth/token")
            {
                return Task.FromResult(Json(HttpStatusCode.OK, """{"access_token":"t","token_type":"bearer","expires_in":86400}"""));
            }

            int count;
            lock (rig._gate)
            {
                rig._calls.Add(rig.Time.GetUtcNow());
                count = rig._calls.Count;
            }

            var response = rig.Respond(request);
            rig._arrivals.Writer.TryWrite(count);
            return Task.FromResult(response);
        }
    }
}
