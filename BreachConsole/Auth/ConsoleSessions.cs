using System.Collections.Concurrent;
using System.Security.Claims;

namespace BreachConsole.Auth;

/// <summary>
/// Browser sessions that were signed out. A Blazor circuit keeps the principal it was opened with; the revalidating
/// authentication state provider asks here so that a sign-out (from any tab) ends the circuit's rights too.
/// Entries live as long as a sign-in cookie can.
/// </summary>
internal sealed class ConsoleSessions(TimeProvider time)
{
    public const string SessionClaim = "breachconsole:sid";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);

    /// <summary>Gives a fresh sign-in its own session id.</summary>
    public static void Stamp(ClaimsPrincipal principal)
    {
        if (principal.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == SessionClaim))
        {
            identity.AddClaim(new Claim(SessionClaim, Guid.NewGuid().ToString("N")));
        }
    }

    public void Revoke(ClaimsPrincipal principal)
    {
        if (principal.FindFirst(SessionClaim)?.Value is { } sid)
        {
            var now = time.GetUtcNow();
            _revoked[sid] = now + Lifetime;
            foreach (var (old, until) in _revoked)
            {
                if (until < now)
                {
                    _revoked.TryRemove(old, out _);
                }
            }
        }
    }

    internal int RevokedCount => _revoked.Count;

    public bool IsRevoked(ClaimsPrincipal principal) =>
        principal.FindFirst(SessionClaim)?.Value is { } sid && _revoked.ContainsKey(sid);
}
