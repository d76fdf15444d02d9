using System.Threading.RateLimiting;

namespace BreachConsole.Core.Genesys;

/// <summary>
/// A token bucket <see cref="RateLimiter"/> whose clock is a <see cref="TimeProvider"/>: tokens arrive on a
/// <see cref="TimeProvider.CreateTimer"/> timer and waiters queue oldest first (asynchronously; no thread blocks).
/// </summary>
/// <remarks>
/// The framework's <see cref="TokenBucketRateLimiter"/> cannot be used here: even with <c>AutoReplenishment = false</c>
/// and <c>TryReplenish()</c> called from our timer, it checks the elapsed <c>Stopwatch</c> time and drops a replenishment
/// that comes "too early" by the real clock, so a fake clock starves it (the hour-long pacing test caught that).
/// </remarks>
public sealed class TimeProviderTokenBucket : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true);
    private static readonly RateLimitLease Refused = new Lease(false);

    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly ITimer _timer;
    private readonly int _tokenLimit;
    private readonly int _tokensPerPeriod;
    private int _tokens;
    private bool _disposed;

    public TimeProviderTokenBucket(int tokenLimit, int tokensPerPeriod, TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokensPerPeriod, 1);
        _tokenLimit = tokenLimit;
        _tokensPerPeriod = tokensPerPeriod;
        _tokens = tokenLimit;
        _timer = time.CreateTimer(_ => Replenish(), null, period, period);
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = _tokens, CurrentQueuedCount = _queue.Count };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_queue.Count == 0 && _tokens >= permitCount)
            {
                _tokens -= permitCount;
                return Granted;
            }

            return Refused;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_queue.Count == 0 && _tokens >= permitCount)
            {
                _tokens -= permitCount;
                return ValueTask.FromResult(Granted);
            }

            waiter = new Waiter(permitCount);
            waiter.Node = _queue.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(() =>
            {
                lock (_lock)
                {
                    if (waiter.Node?.List is not null)
                    {
                        _queue.Remove(waiter.Node);
                    }
                }

                waiter.Completion.TrySetCanceled(cancellationToken);
            });
        }

        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    private void Replenish()
    {
        List<Waiter> granted = [];
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _tokens = Math.Min(_tokenLimit, _tokens + _tokensPerPeriod);
            while (_queue.First is { } first && _tokens >= first.Value.Permits)
            {
                _queue.RemoveFirst();
                _tokens -= first.Value.Permits;
                granted.Add(first.Value);
            }
        }

        foreach (var waiter in granted)
        {
            waiter.Registration.Dispose();
            if (!waiter.Completion.TrySetResult(Granted))
            {
                // Cancelled between the dequeue and here: give its tokens back.
                lock (_lock)
                {
                    _tokens = Math.Min(_tokenLimit, _tokens + waiter.Permits);
                }
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        List<Waiter> waiting;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            waiting = [.. _queue];
            _queue.Clear();
        }

        _timer.Dispose();
        foreach (var waiter in waiting)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(TimeProviderTokenBucket)));
        }
    }

    private sealed class Waiter(int permits)
    {
        public int Permits { get; } = permits;
        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
