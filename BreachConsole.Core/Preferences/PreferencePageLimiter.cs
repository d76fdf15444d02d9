using System.Threading.RateLimiting;

namespace BreachConsole.Core.Preferences;

/// <summary>
/// Bounds how often one link, and one network address, may load or post the public preference page: a guessed or
/// leaked link cannot be hammered, and one address cannot walk many links. Fixed one-minute windows.
/// </summary>
public sealed class PreferencePageLimiter : IDisposable
{
    public const int PerLinkPerMinute = 20;
    public const int PerAddressPerMinute = 60;

    private readonly PartitionedRateLimiter<(string Link, string Address)> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<(string Link, string Address), string>(k => RateLimitPartition.GetFixedWindowLimiter("link:" + k.Link,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = PerLinkPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })),
        PartitionedRateLimiter.Create<(string Link, string Address), string>(k => RateLimitPartition.GetFixedWindowLimiter("address:" + k.Address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = PerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));

    /// <summary>True when this request may proceed. <paramref name="linkId"/> is the link's one-way id, never the link.</summary>
    public bool TryAcquire(string linkId, string? address)
    {
        using var lease = _limiter.AttemptAcquire((linkId, address ?? "unknown"));
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
