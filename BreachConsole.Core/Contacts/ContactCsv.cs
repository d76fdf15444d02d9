using BreachConsole.Core.Common;
using System.Globalization;
using System.Net.Mail;
using System.Text;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Vault;
using CsvHelper;
using FluentValidation;
using ValidationException = FluentValidation.ValidationException;
using FluentValidation.Results;
using PhoneNumbers;

namespace BreachConsole.Core.Contacts;

/// <summary>The contact CSV's columns (operating contract) and the rules for one row's values.</summary>
public static partial class ContactCsv
{
    public const string CustomerId = "customerId";
    public const string FirstName = "firstName";
    public const string LastName = "lastName";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Country = "country";
    public const string PreferredLanguage = "preferredLanguage";
    public const string PreferredChannel = "preferredChannel";
    public const string OptOutMarketing = "optOutMarketing";
    public const string OptOutServiceAlerts = "optOutServiceAlerts";

    /// <summary>Optional ISO 3166-2 subdivision (<c>US-CA</c>): counts affected residents per state for the regulatory clock.</summary>
    public const string Region = "region";

    /// <summary>
    /// Optional true/false: the customer agreed to legally required notices by email instead of first-class mail (HIPAA,
    /// 45 CFR §164.404(d)(1)(i)). Seeds the preference; an answer already on file is never overwritten.
    /// </summary>
    public const string ElectronicNoticeConsent = "electronicNoticeConsent";

    /// <summary>The column a problem about the row as a whole (its shape) is reported under.</summary>
    public const string RowColumn = "row";

    public const int MaxIdLength = 128;
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxPhoneLength = 40;

    /// <summary>No field of a contact row is longer than this (characters); a longer one is a row error, not stored.</summary>
    public const int MaxFieldChars = 1024;

    public static IReadOnlyList<string> Required { get; } =
        [CustomerId, FirstName, LastName, Email, Phone, Country, PreferredLanguage, PreferredChannel];

    public static IReadOnlyList<string> Optional { get; } = [OptOutMarketing, OptOutServiceAlerts, Region, ElectronicNoticeConsent];

    private static readonly HashSet<string> Regions = [.. PhoneNumberUtil.GetInstance().GetSupportedRegions()];
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>
    /// Checks one row and returns every problem with it (column and reason, never the value). When there are none,
    /// <paramref name="row"/> holds the normalized values.
    /// </summary>
    public static List<(string Column, string Reason)> Validate(Func<string, string?> rawField, out ContactInput? row)
    {
        var problems = new List<(string, string)>();
        row = null;
        // One customer, one token: "José" typed with a combining accent and with a precomposed é are the same id.
        string? field(string column) => Nfc(rawField(column));

        var customerId = Text(field(CustomerId), CustomerId, MaxIdLength, required: true, problems);
        var firstName = Text(field(FirstName), FirstName, MaxNameLength, required: true, problems);
        var lastName = Text(field(LastName), LastName, MaxNameLength, required: false, problems);

        var countryRaw = field(Country)?.Trim();
        string? country = null;
        if (string.IsNullOrEmpty(countryRaw))
        {
            problems.Add((Country, "is required (ISO 3166-1 alpha-2, e.g. US)."));
        }
        else if (countryRaw.Length != 2 || !Regions.Contains(countryRaw.ToUpperInvariant()))
        {
            problems.Add((Country, "is not an ISO 3166-1 alpha-2 country code."));
        }
        else
        {
            country = countryRaw.ToUpperInvariant();
        }

        var languageRaw = field(PreferredLanguage);
        string? locale = null;
        if (string.IsNullOrWhiteSpace(languageRaw))
        {
            problems.Add((PreferredLanguage, "is required (a BCP 47 tag, e.g. es-PR)."));
        }
        else if (!LanguageTag.TryNormalize(languageRaw, out var tag))
        {
            problems.Add((PreferredLanguage, "is not a BCP 47 language tag."));
        }
        else
        {
            locale = tag;
        }

        var channelRaw = field(PreferredChannel)?.Trim();
        Channel? channel = null;
        if (string.IsNullOrEmpty(channelRaw))
        {
            problems.Add((PreferredChannel, "is required (Sms, Email or Voice)."));
        }
        else if (!channelRaw.All(char.IsAsciiLetter) || !Enum.TryParse<Channel>(channelRaw, ignoreCase: true, out var parsed))
        {
            problems.Add((PreferredChannel, "must be Sms, Email or Voice."));
        }
        else
        {
            channel = parsed;
        }

        var email = EmailAddress(field(Email), channel == Channel.Email, problems);
        var phone = PhoneNumber(field(Phone), country, countryRaw is null or "", channel is Channel.Sms or Channel.Voice, problems);
        var optOutMarketing = Flag(field(OptOutMarketing), OptOutMarketing, problems);
        var optOutServiceAlerts = Flag(field(OptOutServiceAlerts), OptOutServiceAlerts, problems);
        var region = Subdivisions.Check(field(Region), country, countryRaw is null or "", Region, problems);
        var consent = Flag(field(ElectronicNoticeConsent), ElectronicNoticeConsent, problems);

        if (problems.Count == 0)
        {
            row = new ContactInput(customerId!, firstName!, lastName, email, phone, country!, locale!, channel!.Value,
                optOutMarketing, optOutServiceAlerts, region, consent);
        }

        return problems;
    }

    /// <summary>The value in Unicode normalization form C (composed), the form every value is stored and tokenized in.</summary>
    public static string? Nfc(string? value) =>
        value is null || value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);

    /// <summary>
    /// Reads and checks the header row: every required column present once; unknown columns ignored and never named back
    /// (a header row could be a data row by mistake).
    /// </summary>
    internal static async Task<(string[] Header, Dictionary<string, int> Columns)> ReadHeaderAsync(CsvParser parser)
    {
        bool any;
        try
        {
            any = await parser.ReadAsync();
        }
        catch (Exception ex) when (Utf8ValidatingStream.InvalidAt(ex) is { } offset)
        {
            throw InvalidUtf8(offset);
        }
        catch (CsvHelperException)
        {
            throw Invalid("body", "The header row could not be read as CSV.");
        }

        if (!any || parser.Record is not { } header || (header.Length <= 1 && header.All(f => f.Trim().Length == 0)))
        {
            throw Invalid("body", "The file is empty: a header row naming the columns is required.");
        }

        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var failures = new List<ValidationFailure>();
        var known = Required.Concat(Optional).ToDictionary(c => c, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF');
            if (known.TryGetValue(name, out var column) && !columns.TryAdd(column, i))
            {
                failures.Add(new ValidationFailure(column, $"The header row has the '{column}' column twice."));
            }
        }

        failures.AddRange(Required.Where(c => !columns.ContainsKey(c))
            .Select(c => new ValidationFailure(c, $"The header row has no '{c}' column.")));
        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return (header, columns);
    }

    /// <summary>A 400 naming where the bytes stop being UTF-8 (0-based byte offset), and nothing of what they are.</summary>
    internal static ValidationException InvalidUtf8(long offset) =>
        Invalid("body", $"The file is not valid UTF-8: the byte at offset {offset.ToString(CultureInfo.InvariantCulture)} (counted from 0) is not part of a UTF-8 character. Save the file as UTF-8 and import it again.");

    private static ValidationException Invalid(string property, string message) => new([new ValidationFailure(property, message)]);

    /// <summary>Spreadsheet programs run a cell that starts like a formula; such values are refused, not stored.</summary>
    public static bool LooksLikeFormula(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20';

    private static string? Text(string? raw, string column, int max, bool required, List<(string, string)> problems)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                problems.Add((column, "is required."));
            }

            return null;
        }

        if (value.Length > max)
        {
            problems.Add((column, $"is longer than {max} characters."));
            return null;
        }

        if (LooksLikeFormula(value))
        {
            problems.Add((column, "starts like a spreadsheet formula (= + - @)."));
            return null;
        }

        if (value.Any(char.IsControl))
        {
            problems.Add((column, "contains a line break or control character."));
            return null;
        }

        return value;
    }

    private static bool? Flag(string? raw, string column, List<(string, string)> problems)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        switch (value.ToUpperInvariant())
        {
            case "TRUE" or "YES" or "Y" or "1":
                return true;
            case "FALSE" or "NO" or "N" or "0":
                return false;
            default:
                problems.Add((column, "must be true or false."));
                return null;
        }
    }
}

/// <summary>One valid, normalized CSV row. Every personal value is classified so the log redactor erases it.</summary>
public sealed record ContactInput(
    [property: PersonalData] string CustomerId,
    [property: PersonalData] string FirstName,
    [property: PersonalData] string? LastName,
    [property: PersonalData] string? Email,
    [property: PersonalData] string? Phone,
    string Country,
    string Locale,
    Channel Channel,
    bool? OptOutMarketing,
    bool? OptOutServiceAlerts,
    string? Region = null,
    bool? ElectronicNoticeConsent = null);
