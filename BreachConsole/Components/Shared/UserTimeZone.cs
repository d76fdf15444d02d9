namespace BreachConsole.Components.Shared;

/// <summary>
/// The signed-in person's time zone, read from the browser once the circuit connects (UTC until then, and when the
/// browser names a zone the server does not know). Times are shown in it with UTC beside.
/// </summary>
internal sealed class UserTimeZone
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public event Action? Changed;

    public void Set(string? ianaId)
    {
        if (!string.IsNullOrWhiteSpace(ianaId) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone) && zone.Id != Zone.Id)
        {
            Zone = zone;
            Changed?.Invoke();
        }
    }
}
