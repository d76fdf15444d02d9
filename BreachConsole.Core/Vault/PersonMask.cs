using PhoneNumbers;

namespace BreachConsole.Core.Vault;

/// <summary>
/// The one place that renders a person for humans: pages, exports and log lines show these, never the values.
/// Phone <c>+1 *** *** 4567</c>, email <c>j***@example.com</c>, name <c>J.</c>.
/// </summary>
public static class PersonMask
{
    public const string Hidden = "***";

    /// <summary>An E.164 number as <c>+{country code} *** *** {last four}</c>.</summary>
    public static string Phone(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
        {
            return "";
        }

        var digits = e164.TrimStart('+');
        var countryCode = CountryCode(e164);
        var last = digits.Length >= 8 ? digits[^4..] : Hidden;
        return countryCode is null ? $"+{Hidden} {Hidden} {last}" : $"+{countryCode} {Hidden} {Hidden} {last}";
    }

    /// <summary>First character of the local part, then <c>***</c>, then the domain.</summary>
    public static string Email(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "";
        }

        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1)
        {
            return Hidden;
        }

        var first = char.IsSurrogate(email[0]) && email.Length > 1 ? email[..2] : email[..1];
        return $"{first}{Hidden}@{email[(at + 1)..]}";
    }

    /// <summary>An initial and a dot: <c>J.</c>.</summary>
    public static string Name(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "";
        }

        var first = char.IsSurrogate(trimmed[0]) && trimmed.Length > 1 ? trimmed[..2] : trimmed[..1];
        return $"{first.ToUpperInvariant()}.";
    }

    private static int? CountryCode(string e164)
    {
        try
        {
            var parsed = PhoneNumberUtil.GetInstance().Parse(e164, null);
            return parsed.CountryCode;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
