using BreachConsole.Core.Dispatch;

namespace BreachConsole.Core.Preferences;

/// <summary>What a customer asked for, as the dispatcher sees it at send time.</summary>
/// <remarks><see cref="ElectronicNoticeConsent"/>: agreed to electronic notice (HIPAA, 45 CFR §164.404(d)(1)(i)); null when never recorded.</remarks>
public sealed record PreferenceSnapshot(string Token, bool OptOutMarketing, bool OptOutServiceAlerts, Channel? PreferredChannel, string? PreferredLanguage,
    bool? ElectronicNoticeConsent = null)
{
    public static PreferenceSnapshot Default(string token) => new(token, false, false, null, null);
}

/// <summary>
/// Where preferences are read from, live, by whoever is about to address customers; nothing caches them. The local
/// implementation (<see cref="DatabasePreferenceSource"/>) reads the console's database; a customer's own CRM can stand
/// behind the same interface. Campaign preflight (<see cref="Campaigns.AudienceClassifier"/>) reads it to classify the
/// audience, and dispatch (<see cref="Campaigns.BatchSender"/>) reads it again for each batch just before sending.
/// </summary>
public interface IPreferenceSource
{
    /// <summary>Preferences for each token; a token with none recorded gets <see cref="PreferenceSnapshot.Default"/>.</summary>
    Task<IReadOnlyDictionary<string, PreferenceSnapshot>> GetAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken);
}
