using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace BreachConsole.Core.Genesys;

/// <summary>The knobs of the Genesys pipeline. Defaults are the product's; tests shorten nothing, they fake the clock.</summary>
public sealed class GenesysResilienceSettings
{
    /// <summary>Retries of an idempotent request after 502/503/504 or a timeout: 2 s, 4 s, 8 s (plus jitter).</summary>
    public int MaxRetries { get; init; } = 3;
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Each backoff is stretched by up to this fraction, so callers that failed together do not return together.</summary>
    public double JitterFraction { get; init; } = 0.2;
    /// <summary>A number in [0, 1) per backoff; replaced in tests to pin the jitter.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public double BreakerFailureRatio { get; init; } = 0.5;
    public int BreakerMinimumThroughput { get; init; } = 8;
    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks((long)(BackoffBase.Ticks * Math.Pow(2, attempt) * (1 + (JitterFraction * Jitter()))));
}

/// <summary>Builds the retry → circuit breaker pipeline around one Genesys request, and the per-attempt timeout.</summary>
internal static class GenesysResilience
{
    public static readonly ResiliencePropertyKey<bool> Idempotent = new("genesys.idempotent");

    public static ResiliencePipeline<HttpResponseMessage> Build(GenesysResilienceSettings settings, TimeProvider time,
        GenesysMetrics metrics, Action<GenesysCircuitState, TimeSpan?> onCircuit, Action<int, TimeSpan, int?> onRetry) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                // Only requests whose repetition changes nothing (adding contacts with their deterministic ids, reads,
                // start/stop) are retried here; creating a campaign is not, and goes back to the caller instead.
                ShouldHandle = args => ValueTask.FromResult(args.Context.Properties.GetValue(Idempotent, false) && IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(settings.Backoff(args.AttemptNumber)),
                OnRetry = args =>
                {
                    onRetry(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Result is { } r ? (int)r.StatusCode : null);
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = settings.BreakerSamplingDuration,
                BreakDuration = settings.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) || args.Outcome.Result?.StatusCode == HttpStatusCode.InternalServerError),
                OnOpened = args =>
                {
                    metrics.Circuit(GenesysCircuitState.Open);
                    onCircuit(GenesysCircuitState.Open, args.BreakDuration);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    metrics.Circuit(GenesysCircuitState.HalfOpen);
                    onCircuit(GenesysCircuitState.HalfOpen, null);
                    return default;
                },
                OnClosed = _ =>
                {
                    metrics.Circuit(GenesysCircuitState.Closed);
                    onCircuit(GenesysCircuitState.Closed, null);
                    return default;
                },
            })
            .Build();

    public static ResiliencePipeline BuildAttemptTimeout(GenesysResilienceSettings settings, TimeProvider time) =>
        new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(settings.AttemptTimeout).Build();

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException or HttpRequestException } => true,
        { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
        _ => false,
    };
}
