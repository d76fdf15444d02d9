using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace BreachConsole.Core.Genesys;

/// <summary>One Genesys API request as the product sends it.</summary>
/// <param name="Idempotent">Whether sending it twice changes nothing; only such requests are retried automatically.</param>
/// <param name="Body">The JSON body, serialized once and re-sent as is on a retry.</param>
public sealed record GenesysRequest(HttpMethod Method, string Path, bool Idempotent, byte[]? Body = null)
{
    public static GenesysRequest Json<T>(HttpMethod method, string path, bool idempotent, T body, JsonTypeInfo<T> typeInfo) =>
        new(method, path, idempotent, JsonSerializer.SerializeToUtf8Bytes(body, typeInfo));
}

/// <summary>
/// Sends Genesys API requests through pacing and resilience, with the OAuth token attached. Holds the process-wide state
/// (token, bucket, breaker, counters); the typed <see cref="HttpClient"/> is passed in by <see cref="GenesysClient"/>.
/// </summary>
/// <remarks>
/// Outcomes: a success is returned; 429 closes the gate until <c>Retry-After</c> and throws
/// <see cref="GenesysRetryLaterException"/> with that not-before time; 5xx and timeouts, once the idempotent retries are
/// spent, and an open circuit throw it too; any other 4xx throws <see cref="GenesysApiException"/>. Nothing here sleeps.
/// </remarks>
public sealed class GenesysTransport
{
    private readonly GenesysTokenProvider _tokens;
    private readonly IGenesysHostResolver _hosts;
    private readonly TimeProvider _time;
    private readonly GenesysMetrics _metrics;
    private readonly GenesysResilienceSettings _settings;
    private readonly ILogger<GenesysTransport> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ResiliencePipeline _attemptTimeout;

    public GenesysTransport(GenesysTokenProvider tokens, IGenesysHostResolver hosts, GenesysRateGate gate, TimeProvider time,
        GenesysMetrics metrics, GenesysResilienceSettings settings, ILogger<GenesysTransport> logger)
    {
        _tokens = tokens;
        _hosts = hosts;
        Gate = gate;
        _time = time;
        _metrics = metrics;
        _settings = settings;
        _logger = logger;
        _pipeline = GenesysResilience.Build(settings, time, metrics,
            (state, breakFor) => Log.Circuit(logger, state, breakFor?.TotalSeconds),
            (attempt, delay, status) => Log.Retrying(logger, attempt, delay.TotalSeconds, status));
        _attemptTimeout = GenesysResilience.BuildAttemptTimeout(settings, time);
    }

    public GenesysRateGate Gate { get; }

    /// <summary>Sends <paramref name="request"/> and returns the successful response (the caller disposes it).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient http, GenesysRequest request, CancellationToken cancellationToken)
    {
        var family = GenesysRateGate.FamilyOf(request.Method, request.Path);
        if (Gate.ClosedUntilFor(family) is var closedUntil && closedUntil > _time.GetUtcNow())
        {
            throw new GenesysRetryLaterException(RetryReason.RateLimited, closedUntil, null);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(GenesysResilience.Idempotent, request.Idempotent);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                static (ctx, state) => state.self.AttemptAsync(state.http, state.request, ctx.CancellationToken),
                context, (self: this, http, request));
        }
        catch (BrokenCircuitException ex)
        {
            throw new GenesysRetryLaterException(RetryReason.CircuitOpen, _time.GetUtcNow() + (ex.RetryAfter ?? _settings.BreakDuration), null, ex);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new GenesysRetryLaterException(RetryReason.Timeout, _time.GetUtcNow(), null, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var correlationId = CorrelationId(response);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var notBefore = _time.GetUtcNow() + RetryAfter(response);
                Gate.RateLimited(family, notBefore);
                Log.RateLimited(_logger, request.Method.Method, request.Path, (notBefore - _time.GetUtcNow()).TotalSeconds, correlationId);
                throw new GenesysRetryLaterException(RetryReason.RateLimited, notBefore, correlationId);
            }

            if (status >= 500)
            {
                Log.HandedBack(_logger, request.Method.Method, request.Path, status, correlationId);
                throw new GenesysRetryLaterException(RetryReason.ServerError, _time.GetUtcNow(), correlationId);
            }

            var error = await ReadErrorAsync(response, cancellationToken);
            Log.Refused(_logger, request.Method.Method, request.Path, status, error?.Code, correlationId);
            throw new GenesysApiException(status, error, correlationId);
        }
    }

    private async ValueTask<HttpResponseMessage> AttemptAsync(HttpClient http, GenesysRequest request, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetAsync(http, cancellationToken);
        var response = await SendOnceAsync(http, request, token, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // The token was revoked or expired early: renew once and try again; a second 401 is the caller's problem.
            Log.Unauthorized(_logger, CorrelationId(response));
            response.Dispose();
            _tokens.Invalidate(token);
            token = await _tokens.GetAsync(http, cancellationToken);
            response = await SendOnceAsync(http, request, token, cancellationToken);
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpClient http, GenesysRequest request, string token, CancellationToken cancellationToken)
    {
        using (await Gate.AcquireAsync(cancellationToken))
        {
            // A 429 may have closed the gate while this request queued for its slot: hand it back rather than send it.
            if (Gate.ClosedUntilFor(GenesysRateGate.FamilyOf(request.Method, request.Path)) is var closedUntil && closedUntil > _time.GetUtcNow())
            {
                throw new GenesysRetryLaterException(RetryReason.RateLimited, closedUntil, null);
            }

            var started = _time.GetTimestamp();
            var response = await _attemptTimeout.ExecuteAsync(async ct =>
            {
                using var message = new HttpRequestMessage(request.Method, new Uri(_hosts.Resolve().Api, request.Path));
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                if (request.Body is not null)
                {
                    message.Content = new ByteArrayContent(request.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
                }

                _metrics.RequestSent();
                try
                {
                    return await http.SendAsync(message, ct);
                }
                catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or OperationCanceledException
                                           && !cancellationToken.IsCancellationRequested)
                {
                    _metrics.ServerError();
                    throw;
                }
            }, cancellationToken);

            Observe(request, response, _time.GetElapsedTime(started));
            return response;
        }
    }

    private void Observe(GenesysRequest request, HttpResponseMessage response, TimeSpan elapsed)
    {
        var status = (int)response.StatusCode;
        if (status == 429)
        {
            _metrics.RateLimitedAnswer();
        }
        else if (status >= 500)
        {
            _metrics.ServerError();
        }

        if (Header(response, "inin-ratelimit-allowed") is { } allowedText
            && int.TryParse(allowedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var allowed)
            && Gate.Tighten(allowed, ResetOf(response)) is { } tightened)
        {
            Log.Tightened(_logger, tightened);
        }

        Log.Sent(_logger, request.Method.Method, request.Path, status, elapsed.TotalMilliseconds, CorrelationId(response));
    }

    private static TimeSpan? ResetOf(HttpResponseMessage response) =>
        Header(response, "inin-ratelimit-reset") is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    public static string? CorrelationId(HttpResponseMessage response) => Header(response, "inin-correlation-id");

    /// <summary><c>Retry-After</c> as seconds or a date; else <c>inin-ratelimit-reset</c>; else one second.</summary>
    public static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date && response.Headers.Date is { } now)
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        return Header(response, "inin-ratelimit-reset") is { } reset
               && int.TryParse(reset, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(1);
    }

    public static async Task<ErrorBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(GenesysJsonContext.Default.ErrorBody, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
