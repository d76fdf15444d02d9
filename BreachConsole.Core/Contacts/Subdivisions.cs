namespace BreachConsole.Core.Contacts;

/// <summary>
/// The CSV's optional <c>region</c> column: an ISO 3166-2 subdivision code, checked like <c>country</c>. Its country part
/// must be the row's country; US codes are checked against the full list (states, DC and territories), others by shape.
/// </summary>
public static class Subdivisions
{
    private static readonly HashSet<string> Us =
    [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD",
        "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
        "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "AS", "GU", "MP", "PR", "UM", "VI",
    ];

    /// <summary>The normalized code (<c>US-CA</c>), or null when empty or invalid (a problem is added for an invalid one).</summary>
    public static string? Check(string? raw, string? country, bool countryMissing, string column, List<(string, string)> problems)
    {
        var value = raw?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var dash = value.IndexOf('-', StringComparison.Ordinal);
        var code = dash == 2 ? value[3..] : "";
        if (dash != 2 || code.Length is < 1 or > 3 || !code.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add((column, "is not an ISO 3166-2 subdivision code (e.g. US-CA)."));
            return null;
        }

        if (countryMissing || country is null)
        {
            return null; // the country's own problem is reported; the region cannot be checked without it
        }

        // Puerto Rico, Guam and the other territories have their own alpha-2 code and a US subdivision code (PR and US-PR).
        var territory = value == "US-" + country && Us.Contains(country);
        if (!territory && !value.StartsWith(country + "-", StringComparison.Ordinal))
        {
            problems.Add((column, "does not belong to the row's country."));
            return null;
        }

        if (country == "US" && !Us.Contains(code))
        {
            problems.Add((column, "is not a US state, district or territory code."));
            return null;
        }

        return value;
    }
}
