using System.Threading.RateLimiting;

namespace BreachConsole.Core.Genesys;

/// <summary>
/// Client-side pacing: a token bucket (<see cref="TimeProviderTokenBucket"/>) at <c>Genesys:RequestsPerMinute</c>,
/// replenished by a <see cref="TimeProvider"/> timer (so tests drive it with a fake clock), tightened when <c>inin-ratelimit-allowed</c> reports a lower budget,
/// and closed until the not-before time of the last 429.
/// </summary>
/// <remarks>
/// The bucket holds one period's tokens and refills at the budget less that, so no 60-second window is ever granted more
/// than the budget: a steady run stays under the server's per-token limit instead of discovering it through 429s.
/// </remarks>
public sealed class GenesysRateGate : IDisposable
{
    private static readonly TimeSpan MinimumPeriod = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly GenesysMetrics _metrics;
    private readonly Lock _lock = new();
    private Bucket _bucket;
    private DateTimeOffset _closedUntil = DateTimeOffset.MinValue;

    public GenesysRateGate(int requestsPerMinute, TimeProvider time, GenesysMetrics metrics)
    {
        _time = time;
        _metrics = metrics;
        _bucket = new Bucket(requestsPerMinute, time);
        metrics.Pace(requestsPerMinute);
    }

    public int RequestsPerMinute => Volatile.Read(ref _bucket).RequestsPerMinute;

    /// <summary>When the last 429 said to come back; before then nothing is sent.</summary>
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

    /// <summary>Waits (asynchronously, queued oldest first) for a request slot.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var bucket = Volatile.Read(ref _bucket);
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
                // The bucket was swapped for a tighter one while we queued: queue on the new one.
            }
        }
    }

    /// <summary>A slot now or not at all (tests and probes).</summary>
    public bool TryAcquire()
    {
        using var lease = Volatile.Read(ref _bucket).Limiter.AttemptAcquire(1);
        return lease.IsAcquired;
    }

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

    /// <summary>Lowers the pace when Genesys reports a smaller per-minute allowance than ours. Returns the new pace, if changed.</summary>
    public int? Tighten(int allowedPerMinute)
    {
        if (allowedPerMinute <= 0)
        {
            return null;
        }

        Bucket old;
        lock (_lock)
        {
            old = _bucket;
            if (allowedPerMinute >= old.RequestsPerMinute)
            {
                return null;
            }

            Volatile.Write(ref _bucket, new Bucket(allowedPerMinute, _time));
        }

        _metrics.Pace(allowedPerMinute);
        old.Dispose();
        return allowedPerMinute;
    }

    public void Dispose() => Volatile.Read(ref _bucket).Dispose();

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
