using System.Globalization;

namespace BreachConsole.Components.Shared;

/// <summary>Reads a UTC date and time as a browser's datetime-local control or a person sends it.</summary>
internal static class UtcDateTimeText
{
    public const string IsoFormat = "yyyy-MM-dd'T'HH':'mm";

    private static readonly string[] Formats =
    [
        IsoFormat, "yyyy-MM-dd'T'HH':'mm':'ss", "yyyy-MM-dd'T'HH':'mm':'ss.FFFFFFF", "yyyy-MM-dd HH':'mm", "yyyy-MM-dd HH':'mm':'ss",
        "MM/dd/yyyy, hh':'mm tt", "MM/dd/yyyy hh':'mm tt", "M/d/yyyy, h':'mm tt", "M/d/yyyy h':'mm tt", "MM/dd/yyyy HH':'mm",
        "dd.MM.yyyy HH':'mm", "dd.MM.yyyy, HH':'mm",
    ];

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (DateTime.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc));
            return true;
        }

        return false;
    }
}
