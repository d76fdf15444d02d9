using BreachConsole.Core.Dispatch;

namespace BreachConsole.Core.Preferences;

/// <summary>What a customer asked for, as the dispatcher sees it at send time.</summary>
public sealed record PreferenceSnapshot(string Token, bool OptOutMarketing, bool OptOutServiceAlerts, Channel? PreferredChannel, string? PreferredLanguage)
{
    public static PreferenceSnapshot Default(string token) => new(token, false, false, null, null);
}

/// <summary>
/// Where preferences are read from, live (preflight and every dispatch batch ask again). The local implementation reads
/// the console's database; a customer's own CRM can stand behind the same interface.
/// </summary>
public interface IPreferenceSource
{
    /// <summary>Preferences for each token; a token with none recorded gets <see cref="PreferenceSnapshot.Default"/>.</summary>
    Task<IReadOnlyDictionary<string, PreferenceSnapshot>> GetAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken);
}
