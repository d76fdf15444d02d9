using System.Globalization;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Preferences;

/// <summary>
/// Writes a customer's preferences the one way both doors do (the API's <see cref="PreferenceService"/>, the customer's
/// own page through <see cref="CustomerPreferences"/>): the token's row, created on its first write, gets the new choices
/// and who made them when. The caller stages the audit entry (with <see cref="AuditDetails"/>) on the same context, so
/// the change and its entry commit together.
/// </summary>
internal static class PreferenceRecorder
{
    /// <summary>
    /// The choices to record. <see cref="ElectronicNoticeConsent"/> is optional: null keeps what the customer (or an
    /// import) recorded before.
    /// </summary>
    internal sealed record Choices(bool OptOutMarketing, bool OptOutServiceAlerts, Channel? PreferredChannel, string? PreferredLanguage,
        bool? ElectronicNoticeConsent);

    /// <summary>Stages the change on <paramref name="db"/> (not saved) and returns the row as it will be.</summary>
    internal static async Task<ContactPreference> StageAsync(BreachConsoleDbContext db, string token, Choices choices, string updatedBy,
        DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        var preference = await db.ContactPreferences.FirstOrDefaultAsync(p => p.Token == token, cancellationToken);
        if (preference is null)
        {
            preference = new ContactPreference { Token = token, UpdatedBy = updatedBy };
            db.ContactPreferences.Add(preference);
        }

        preference.OptOutMarketing = choices.OptOutMarketing;
        preference.OptOutServiceAlerts = choices.OptOutServiceAlerts;
        preference.PreferredChannel = choices.PreferredChannel;
        preference.PreferredLanguage = choices.PreferredLanguage;
        if (choices.ElectronicNoticeConsent is { } consent)
        {
            preference.ElectronicNoticeConsent = consent;
        }

        preference.UpdatedAt = updatedAt;
        preference.UpdatedBy = updatedBy;
        return preference;
    }

    /// <summary>What a <c>preference.change</c> audit entry records: the choices in force after the change.</summary>
    internal static Dictionary<string, string> AuditDetails(ContactPreference preference) => new()
    {
        ["optOutMarketing"] = preference.OptOutMarketing.ToString(CultureInfo.InvariantCulture),
        ["optOutServiceAlerts"] = preference.OptOutServiceAlerts.ToString(CultureInfo.InvariantCulture),
        ["preferredChannel"] = preference.PreferredChannel?.ToString() ?? "",
        ["preferredLanguage"] = preference.PreferredLanguage ?? "",
        ["electronicNoticeConsent"] = preference.ElectronicNoticeConsent?.ToString(CultureInfo.InvariantCulture) ?? "",
    };
}
