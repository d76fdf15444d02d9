namespace BreachConsole.Core.Preferences;

/// <summary>
/// The seam between notices and the customer preference page: each notice carries its customer's own signed, expiring
/// link (<c>{{ preferences_url }}</c>). The URL holds no customer id, token or other personal data in clear.
/// </summary>
public interface IPreferenceLinks
{
    /// <summary>An absolute URL under <c>Preferences:PublicBaseUrl</c> for the customer known by <paramref name="customerToken"/>.</summary>
    ValueTask<string> CreateUrlAsync(string customerToken, CancellationToken cancellationToken);
}
