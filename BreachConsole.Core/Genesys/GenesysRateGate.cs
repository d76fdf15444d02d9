using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace BreachConsole.Core.Genesys;

/// <summary>
/// Client-side pacing: a token bucket (<see cref="TimeProviderTokenBucket"/>) at <c>Genesys:RequestsPerMinute</c>,
/// replenished by a <see cref="TimeProvider"/> timer (so tests drive it with a fake clock); tightened for a while when
/// <c>inin-ratelimit-allowed</c> reports a lower budget, and closed until the not-before time of a 429.
/// </summary>
/// <remarks>
/// The bucket holds one period's tokens and refills at the budget less that, so no 60-second window is ever granted more
/// than the budget: a steady run stays under the server's per-token limit instead of discovering it through 429s.
/// <c>inin-ratelimit-allowed</c>/<c>-reset</c> describe the window of the endpoint that answered, which can be a few
/// seconds: a lower allowance paces us only until that window resets, then the configured pace returns. A 429 closes
/// the path family it answered (e.g. <c>POST …/contactlists/{id}/contacts</c>) until its <c>Retry-After</c>; only a short
/// one (the per-token minute, <see cref="GlobalCloseLimit"/> or less) closes every request, so a daily limit of hours
/// on one endpoint does not stop the others.
/// </remarks>
public sealed class GenesysRateGate : IDisposable
{
    /// <summary>A 429 asking for this long or less is the per-token limit and closes everything; a longer one closes its path family only.</summary>
    public static readonly TimeSpan GlobalCloseLimit = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan MinimumPeriod = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly GenesysMetrics _metrics;
    private readonly Lock _lock = new();
    private readonly Bucket _configured;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _familyClosedUntil = new(StringComparer.Ordinal);
    private Bucket? _tight;
    private DateTimeOffset _tightUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _closedUntil = DateTimeOffset.MinValue;

    public GenesysRateGate(int requestsPerMinute, TimeProvider time, GenesysMetrics metrics)
    {
        _time = time;
        _metrics = metrics;
        _configured = new Bucket(requestsPerMinute, time);
        metrics.Pace(requestsPerMinute);
    }

    /// <summary>The pace in force now: the configured one, or a lower allowance Genesys reported whose window has not reset.</summary>
    public int RequestsPerMinute => Current().RequestsPerMinute;

    /// <summary>When the last short 429 said to come back; before then nothing is sent.</summary>
    public DateTimeOffset ClosedUntil
    {
        get
        {
            lock (_lock)
            {
                return _closedUntil;
            }
        }
    }

    /// <summary>Until when a request of <paramref name="family"/> (<see cref="FamilyOf"/>) may not be sent: the later of the global and its own closure.</summary>
    public DateTimeOffset ClosedUntilFor(string family)
    {
        var own = _familyClosedUntil.TryGetValue(family, out var until) ? until : DateTimeOffset.MinValue;
        var global = ClosedUntil;
        return own > global ? own : global;
    }

    /// <summary>Waits (asynchronously, queued oldest first) for a request slot.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var bucket = Current();
            try
            {
                var lease = await bucket.Limiter.AcquireAsync(1, cancellationToken);
                if (lease.IsAcquired)
                {
                    return lease;
                }

                lease.Dispose();
            }
            catch (ObjectDisposedException) when (!cancellationToken.IsCancellationRequested)
            {
                // The bucket was swapped (tightened or restored) while we queued: queue on the current one.
            }
        }
    }

    /// <summary>A slot now or not at all (tests and probes).</summary>
    public bool TryAcquire()
    {
        using var lease = Current().Limiter.AttemptAcquire(1);
        return lease.IsAcquired;
    }

    /// <summary>Closes everything until <paramref name="notBefore"/>.</summary>
    public void CloseUntil(DateTimeOffset notBefore)
    {
        lock (_lock)
        {
            if (notBefore > _closedUntil)
            {
                _closedUntil = notBefore;
            }
        }
    }

    /// <summary>
    /// A 429 on <paramref name="family"/> asking to come back at <paramref name="notBefore"/>: closes that family, and
    /// every request too when the wait is short enough to be the per-token limit.
    /// </summary>
    public void RateLimited(string family, DateTimeOffset notBefore)
    {
        _familyClosedUntil.AddOrUpdate(family, notBefore, (_, held) => notBefore > held ? notBefore : held);
        if (notBefore - _time.GetUtcNow() <= GlobalCloseLimit)
        {
            CloseUntil(notBefore);
        }
    }

    /// <summary>
    /// Lowers the pace when Genesys reports a smaller allowance than ours, until <paramref name="resetAfter"/> from now
    /// (the window's <c>inin-ratelimit-reset</c>; a minute when it sent none). Returns the new pace, if changed.
    /// </summary>
    public int? Tighten(int allowedPerMinute, TimeSpan? resetAfter = null)
    {
        if (allowedPerMinute <= 0 || allowedPerMinute >= _configured.RequestsPerMinute)
        {
            return null;
        }

        var until = _time.GetUtcNow() + Clamp(resetAfter ?? TimeSpan.FromMinutes(1));
        Bucket? old;
        lock (_lock)
        {
            if (_tight is { } tight && _time.GetUtcNow() < _tightUntil && allowedPerMinute >= tight.RequestsPerMinute)
            {
                // The same (or a looser) allowance again: it holds until the latest reset, no new bucket.
                if (until > _tightUntil)
                {
                    _tightUntil = until;
                }

                return null;
            }

            old = _tight;
            _tight = new Bucket(allowedPerMinute, _time);
            _tightUntil = until;
        }

        _metrics.Pace(allowedPerMinute);
        old?.Dispose();
        return allowedPerMinute;
    }

    /// <summary>The path family of a request: its method and path with every id segment (one holding a digit) replaced by <c>{id}</c>.</summary>
    public static string FamilyOf(HttpMethod method, string path)
    {
        var question = path.IndexOf('?', StringComparison.Ordinal);
        var segments = (question < 0 ? path : path[..question]).Trim('/').Split('/');
        for (var i = 2; i < segments.Length; i++)
        {
            if (segments[i].Any(char.IsDigit))
            {
                segments[i] = "{id}";
            }
        }

        return $"{method.Method} {string.Join('/', segments)}";
    }

    public void Dispose()
    {
        _configured.Dispose();
        _tight?.Dispose();
    }

    private static TimeSpan Clamp(TimeSpan reset) =>
        reset <= TimeSpan.Zero ? TimeSpan.FromSeconds(1) : reset > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : reset;

    /// <summary>The bucket in force; a tightened one whose window has reset is dropped here and the configured pace returns.</summary>
    private Bucket Current()
    {
        Bucket? expired;
        lock (_lock)
        {
            if (_tight is null)
            {
                return _configured;
            }

            if (_time.GetUtcNow() < _tightUntil)
            {
                return _tight;
            }

            expired = _tight;
            _tight = null;
        }

        _metrics.Pace(_configured.RequestsPerMinute);
        expired.Dispose();
        return _configured;
    }

    private sealed class Bucket : IDisposable
    {
        public Bucket(int requestsPerMinute, TimeProvider time)
        {
            RequestsPerMinute = requestsPerMinute;
            // The smallest whole number of tokens that makes the period at least MinimumPeriod. A full bucket can be spent
            // at the start of any 60 s window, so the refill runs at (budget − bucket) per minute: bucket + refill ≤ budget.
            var tokensPerPeriod = (int)Math.Ceiling(requestsPerMinute * MinimumPeriod.TotalMinutes);
            var refillPerMinute = Math.Max(requestsPerMinute - tokensPerPeriod, 1);
            var period = TimeSpan.FromTicks(TimeSpan.FromMinutes(1).Ticks * tokensPerPeriod / refillPerMinute);
            Limiter = new TimeProviderTokenBucket(tokensPerPeriod, tokensPerPeriod, period, time);
        }

        public int RequestsPerMinute { get; }

        public TimeProviderTokenBucket Limiter { get; }

        public void Dispose() => Limiter.Dispose();
    }
}
