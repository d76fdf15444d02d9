using System.Globalization;
using System.Net.Mail;
using System.Text;
using PhoneNumbers;

namespace BreachConsole.Core.Contacts;

/// <summary>The contact CSV's address rules: an email address (IDN domains, ASCII local part) and a phone number placed in the row's country.</summary>
public static partial class ContactCsv
{
    private static string? EmailAddress(string? raw, bool required, List<(string, string)> problems)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                problems.Add((Email, "is required when the preferred channel is Email."));
            }

            return null;
        }

        if (value.Length > MaxEmailLength)
        {
            problems.Add((Email, $"is longer than {MaxEmailLength} characters."));
            return null;
        }

        if (LooksLikeFormula(value))
        {
            problems.Add((Email, "starts like a spreadsheet formula (= + - @)."));
            return null;
        }

        if (!TryNormalizeEmail(value, out var email))
        {
            problems.Add((Email, "is not a valid email address."));
            return null;
        }

        return email;
    }

    /// <summary>Syntax check with internationalized domains allowed (the domain must survive IDNA to ASCII).</summary>
    public static bool TryNormalizeEmail(string value, out string email)
    {
        email = "";
        var at = value.LastIndexOf('@');
        if (at <= 0 || at > 64 || at == value.Length - 1 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        if (System.Text.Ascii.IsValid(value))
        {
            // The common case, without the cost of IDNA and MailAddress: dot-atom local part, LDH labels, a letter TLD.
            if (!AsciiEmail().IsMatch(value))
            {
                return false;
            }

            email = $"{value[..at]}@{value[(at + 1)..].ToLowerInvariant()}";
            return true;
        }

        var local = value[..at];
        var domain = value[(at + 1)..].TrimEnd('.');
        string asciiDomain;
        try
        {
            asciiDomain = Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return false;
        }

        if (!asciiDomain.Contains('.', StringComparison.Ordinal) || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        if (!MailAddress.TryCreate($"{local}@{asciiDomain}", out var parsed) || parsed.DisplayName.Length != 0
            || !string.Equals(parsed.Host, asciiDomain, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        email = $"{local}@{domain.ToLowerInvariant()}";
        return true;
    }

    [System.Text.RegularExpressions.GeneratedRegex(
        @"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex AsciiEmail();

    private static string? PhoneNumber(string? raw, string? region, bool countryMissing, bool required, List<(string, string)> problems)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                problems.Add((Phone, "is required when the preferred channel is Sms or Voice."));
            }

            return null;
        }

        if (value.Length > MaxPhoneLength)
        {
            problems.Add((Phone, $"is longer than {MaxPhoneLength} characters."));
            return null;
        }

        // A leading + is the international prefix; anything else that starts like a formula is refused.
        if ((LooksLikeFormula(value) && value[0] != '+') || (value[0] == '+' && value.Skip(1).Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' or '.'))))
        {
            problems.Add((Phone, "starts like a spreadsheet formula or holds characters a phone number cannot."));
            return null;
        }

        if (region is null)
        {
            if (!countryMissing)
            {
                problems.Add((Phone, "cannot be checked without a valid country."));
            }
            else
            {
                problems.Add((Phone, "cannot be checked without a country."));
            }

            return null;
        }

        // libphonenumber reads letters as keypad digits (787-CALL-NOW); a notice must not go to a guessed number.
        if (value.Any(char.IsLetter))
        {
            problems.Add((Phone, "contains letters; write the number in digits."));
            return null;
        }

        var util = PhoneNumberUtil.GetInstance();
        try
        {
            var number = util.Parse(value, region);
            if (!util.IsValidNumberForRegion(number, region))
            {
                problems.Add((Phone, "is not a valid phone number for the row's country."));
                return null;
            }

            return util.Format(number, PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
            problems.Add((Phone, "is not a phone number."));
            return null;
        }
    }
}
