using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BreachConsole.Sandbox;

/// <summary>
/// The sandbox's in-memory side: issued tokens, each token's rate window (a fixed minute from its first request, as
/// <c>inin-ratelimit-reset</c> counts down) and the request counters of <c>_stats</c>. Tokens do not survive a restart,
/// exactly as a client would see after Genesys revoked them: a 401, then a new token.
/// </summary>
internal sealed class SandboxState(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private long _requests;
    private long _rateLimited;
    private long _serverErrors;
    private long _tokensIssued;
    private long _unauthorized;
    private long _sequence = -1;

    public long Requests => Interlocked.Read(ref _requests);
    public long RateLimited => Interlocked.Read(ref _rateLimited);
    public long ServerErrors => Interlocked.Read(ref _serverErrors);
    public long TokensIssued => Interlocked.Read(ref _tokensIssued);
    /// <summary>API requests answered 401 (no, unknown or expired token).</summary>
    public long Unauthorized => Interlocked.Read(ref _unauthorized);

    public void CountUnauthorized() => Interlocked.Increment(ref _unauthorized);

    public void CountRequest() => Interlocked.Increment(ref _requests);
    public void CountRateLimited() => Interlocked.Increment(ref _rateLimited);
    public void CountServerError() => Interlocked.Increment(ref _serverErrors);

    public string Issue(TimeSpan lifetime)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        _tokens[token] = new IssuedToken(time.GetUtcNow() + lifetime);
        Interlocked.Increment(ref _tokensIssued);
        return token;
    }

    public bool IsValid(string token) =>
        _tokens.TryGetValue(token, out var issued) && time.GetUtcNow() < issued.ExpiresAt;

    /// <summary>Forgets every token (what a restart does); the tests use it to provoke a 401.</summary>
    public void RevokeAll() => _tokens.Clear();

    /// <summary>Counts one request against the token's minute; returns the window's figures after counting.</summary>
    public RateWindow Count(string token, int allowed)
    {
        var issued = _tokens.GetOrAdd(token, _ => new IssuedToken(DateTimeOffset.MaxValue));
        lock (issued)
        {
            var now = time.GetUtcNow();
            if (issued.WindowEnds <= now)
            {
                issued.WindowEnds = now + TimeSpan.FromMinutes(1);
                issued.Count = 0;
            }

            issued.Count++;
            return new RateWindow(allowed, issued.Count, issued.WindowEnds - now);
        }
    }

    /// <summary>Insertion order for contacts, continued from the file after a restart.</summary>
    public long NextSequence(Func<long> current)
    {
        if (Interlocked.Read(ref _sequence) < 0)
        {
            Interlocked.CompareExchange(ref _sequence, current(), -1);
        }

        return Interlocked.Increment(ref _sequence);
    }

    private sealed class IssuedToken(DateTimeOffset expiresAt)
    {
        public DateTimeOffset ExpiresAt { get; } = expiresAt;
        public DateTimeOffset WindowEnds { get; set; } = DateTimeOffset.MinValue;
        public int Count { get; set; }
    }
}

internal sealed record RateWindow(int Allowed, int Count, TimeSpan Reset)
{
    public bool Exceeded => Count > Allowed;

    public int ResetSeconds => (int)Math.Ceiling(Reset.TotalSeconds);
}
