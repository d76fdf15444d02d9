namespace BreachConsole.Core.Common;

/// <summary>
/// The one BCP 47 normalizer (contacts, preferences and templates alike), so a contact's tag and a template's tag compare
/// as equals: <c>es-pr</c> → <c>es-PR</c>, <c>zh_hant_tw</c> → <c>zh-Hant-TW</c>, variants kept (<c>de-DE-1996</c>).
/// </summary>
public static class LanguageTag
{
    public const int MaxLength = 35;

    public static bool TryNormalize(string? value, out string tag)
    {
        tag = "";
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength)
        {
            return false;
        }

        var parts = value.Trim().Split('-', '_');
        if (!IsAlpha(parts[0], 2, 3))
        {
            return false;
        }

        var normalized = new List<string> { parts[0].ToLowerInvariant() };
        var i = 1;
        if (i < parts.Length && IsAlpha(parts[i], 4, 4))
        {
            normalized.Add(char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant());
            i++;
        }

        if (i < parts.Length && (IsAlpha(parts[i], 2, 2) || IsDigits(parts[i], 3)))
        {
            normalized.Add(parts[i].ToUpperInvariant());
            i++;
        }

        for (; i < parts.Length; i++)
        {
            var variant = parts[i];
            var ok = variant.All(char.IsAsciiLetterOrDigit)
                && ((variant.Length is >= 5 and <= 8) || (variant.Length == 4 && char.IsAsciiDigit(variant[0])));
            if (!ok)
            {
                return false;
            }

            normalized.Add(variant.ToLowerInvariant());
        }

        tag = string.Join('-', normalized);
        return true;
    }

    /// <summary>The neutral language of a tag: <c>es-PR</c> → <c>es</c>.</summary>
    public static string Language(string tag) => tag.Split('-')[0];

    private static bool IsAlpha(string s, int min, int max) => s.Length >= min && s.Length <= max && s.All(char.IsAsciiLetter);

    private static bool IsDigits(string s, int length) => s.Length == length && s.All(char.IsAsciiDigit);
}
