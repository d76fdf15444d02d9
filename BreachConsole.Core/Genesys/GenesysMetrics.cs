using System.Diagnostics.Metrics;

namespace BreachConsole.Core.Genesys;

public enum GenesysCircuitState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>What the progress view shows about the Genesys connection.</summary>
public sealed record GenesysCounters(long Requests, long RateLimited, long ServerErrors, GenesysCircuitState Circuit, int RequestsPerMinute);

/// <summary>
/// Requests, 429s, 5xx and the circuit state: readable as a snapshot for the progress view and published as .NET
/// metrics on the <c>BreachConsole.Genesys</c> meter.
/// </summary>
public sealed class GenesysMetrics
{
    public const string MeterName = "BreachConsole.Genesys";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _serverErrors;
    private long _requestCount;
    private long _rateLimitedCount;
    private long _serverErrorCount;
    private volatile int _circuit;
    private volatile int _requestsPerMinute;

    public GenesysMetrics(IMeterFactory? meterFactory = null)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = meter.CreateCounter<long>("genesys.requests", description: "HTTP requests sent to Genesys");
        _rateLimited = meter.CreateCounter<long>("genesys.rate_limited", description: "429 answers from Genesys");
        _serverErrors = meter.CreateCounter<long>("genesys.server_errors", description: "5xx answers and timeouts");
        meter.CreateObservableGauge("genesys.circuit_state", () => _circuit, description: "0 closed, 1 open, 2 half-open");
        meter.CreateObservableGauge("genesys.requests_per_minute", () => _requestsPerMinute, description: "current pacing budget");
    }

    public GenesysCounters Snapshot() => new(Interlocked.Read(ref _requestCount), Interlocked.Read(ref _rateLimitedCount),
        Interlocked.Read(ref _serverErrorCount), (GenesysCircuitState)_circuit, _requestsPerMinute);

    internal void RequestSent()
    {
        Interlocked.Increment(ref _requestCount);
        _requests.Add(1);
    }

    internal void RateLimitedAnswer()
    {
        Interlocked.Increment(ref _rateLimitedCount);
        _rateLimited.Add(1);
    }

    internal void ServerError()
    {
        Interlocked.Increment(ref _serverErrorCount);
        _serverErrors.Add(1);
    }

    internal void Circuit(GenesysCircuitState state) => _circuit = (int)state;

    internal void Pace(int requestsPerMinute) => _requestsPerMinute = requestsPerMinute;
}
