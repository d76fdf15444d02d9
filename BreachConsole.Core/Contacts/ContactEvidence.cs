using System.Globalization;
using System.Runtime.CompilerServices;
using BreachConsole.Core.Evidence;
using BreachConsole.Core.Vault;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Contacts;

/// <summary>
/// The evidence pack's per-contact part: token, masked addresses, channel, state, time and any suppression, one row per
/// contact, streamed in id order. Personal data appears only masked, through the vault's mask renderer.
/// </summary>
internal sealed class ContactEvidence(VaultKeyStore keys) : IEvidenceContributor
{
    public const string StateImported = "Imported";

    public int Order => 300;

    public async Task ContributeAsync(EvidencePackWriter pack, CancellationToken cancellationToken)
    {
        using var cipher = (await keys.GetAsync(cancellationToken)).OpenCipher();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var total = await pack.AddCsvAsync("contacts.csv",
            ["token", "maskedPhone", "maskedEmail", "channel", "country", "locale", "state", "at", "suppression"],
            Rows(pack, cipher, counts, cancellationToken), cancellationToken);

        pack.Summary.Add(new EvidenceSummarySection("Affected contacts",
        [
            ("Contacts", total.ToString(CultureInfo.InvariantCulture)),
            .. counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value.ToString(CultureInfo.InvariantCulture))),
        ], "Per-contact rows (token, masked address, channel, state, time, suppression) are in contacts.csv; "
           + "what each campaign did for each contact is in campaign-contacts.csv."));
    }

    private static async IAsyncEnumerable<string[]> Rows(EvidencePackWriter pack, FieldCipher cipher, Dictionary<string, long> counts,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows =
            from c in pack.Db.Contacts.AsNoTracking().Where(c => c.IncidentId == pack.IncidentId).OrderBy(c => c.Id)
            join p in pack.Db.ContactPreferences.AsNoTracking() on c.Token equals p.Token into preferences
            from p in preferences.DefaultIfEmpty()
            select new { c.Token, c.PhoneCipher, c.EmailCipher, c.Channel, c.Country, c.Locale, c.ImportedAt, OptedOut = (bool?)p.OptOutServiceAlerts };

        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            // A marketing opt-out does not stop a breach notice; a service-alert opt-out does.
            var suppression = r.OptedOut == true ? "serviceAlertsOptOut" : "";
            var key = $"Channel {r.Channel}" + (suppression.Length > 0 ? " (suppressed)" : "");
            counts[key] = counts.GetValueOrDefault(key) + 1;
            yield return
            [
                r.Token, cipher.MaskedPhone(r.PhoneCipher, r.Token), cipher.MaskedEmail(r.EmailCipher, r.Token), r.Channel.ToString(), r.Country, r.Locale,
                StateImported, EvidenceRows.Iso(r.ImportedAt), suppression,
            ];
        }
    }
}
