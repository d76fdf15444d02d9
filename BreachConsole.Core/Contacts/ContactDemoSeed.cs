using System.Globalization;
using System.Text;
using BreachConsole.Core.Common;
using PhoneNumbers;

namespace BreachConsole.Core.Contacts;

/// <summary>
/// 1,000 synthetic customers for the demo incident across US, PR, MX, FR and DE, mixed channels and languages and a few
/// opt-outs. Made up (reserved example.com/.org/.net domains, fictional names) and imported through the real import, so
/// they are tokenized and encrypted like real ones.
/// </summary>
public sealed class ContactDemoSeed(ContactImportService import)
{
    public const int Count = 1_000;

    private static readonly (string Country, string[] Locales, string[] First, string[] Last)[] Regions =
    [
        ("US", ["en-US", "en-US", "es-US"], ["Avery", "Jordan", "Morgan", "Riley", "Casey", "Quinn"], ["Walker", "Brooks", "Hayes", "Reed", "Parker"]),
        ("PR", ["es-PR", "es-PR", "en-US"], ["Lucía", "Mateo", "Valeria", "Sebastián", "Camila"], ["Rivera", "Santiago", "Ortiz", "Colón", "Vega"]),
        ("MX", ["es-MX"], ["Ximena", "Diego", "Regina", "Emiliano", "Renata"], ["Hernández", "García", "Martínez", "López", "Flores"]),
        ("FR", ["fr-FR"], ["Chloé", "Lucas", "Inès", "Hugo", "Manon"], ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau"]),
        ("DE", ["de-DE"], ["Lena", "Jonas", "Mia", "Felix", "Sophie"], ["Müller", "Schmidt", "Weber", "Wagner", "Becker"]),
    ];

    private static readonly string[] Domains = ["example.com", "example.org", "example.net"];
    private static readonly string[] Channels = ["Email", "Sms", "Email", "Voice", "Sms"];

    public async Task<ImportResult> SeedAsync(Guid incidentId, CancellationToken cancellationToken)
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(Csv()));
        return await import.ImportWithoutRoleCheckAsync(Actor.System, incidentId, csv, progress: null, cancellationToken);
    }

    internal static string Csv()
    {
        var random = new Random(20261130);
        var util = PhoneNumberUtil.GetInstance();
        var csv = new StringBuilder("customerId,firstName,lastName,email,phone,country,preferredLanguage,preferredChannel,optOutMarketing,optOutServiceAlerts\n");
        for (var i = 0; i < Count; i++)
        {
            var (country, locales, firsts, lasts) = Regions[i % Regions.Length];
            var first = firsts[random.Next(firsts.Length)];
            var last = lasts[random.Next(lasts.Length)];
            var email = $"{Ascii(first)}.{Ascii(last)}{i}@{Domains[i % Domains.Length]}".ToLowerInvariant();
            var phone = Phone(util, country, random);
            var optOutMarketing = i % 37 == 0 ? "true" : "false";
            var optOutServiceAlerts = i % 101 == 0 ? "true" : "false";
            csv.Append(CultureInfo.InvariantCulture,
                $"DEMO-{i + 1:D5},{first},{last},{email},{phone},{country},{locales[random.Next(locales.Length)]},{Channels[random.Next(Channels.Length)]},{optOutMarketing},{optOutServiceAlerts}\n");
        }

        return csv.ToString();
    }

    private static string Phone(PhoneNumberUtil util, string region, Random random)
    {
        var example = util.GetExampleNumberForType(region, PhoneNumberType.MOBILE) ?? util.GetExampleNumber(region);
        var national = example.NationalNumber.ToString(CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var candidate = national[..^4] + random.Next(10_000).ToString("D4", CultureInfo.InvariantCulture);
            var number = util.Parse(candidate, region);
            if (util.IsValidNumber(number))
            {
                return util.Format(number, PhoneNumberFormat.E164);
            }
        }

        return util.Format(example, PhoneNumberFormat.E164);
    }

    private static string Ascii(string name) =>
        new(name.Normalize(NormalizationForm.FormD).Where(c => c < 128 && char.IsLetter(c)).ToArray());
}
