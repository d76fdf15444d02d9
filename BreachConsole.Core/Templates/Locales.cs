using System.Text.RegularExpressions;

namespace BreachConsole.Core.Templates;

/// <summary>BCP 47 tags as templates use them: a language, an optional script, an optional region.</summary>
public static partial class Locales
{
    [GeneratedRegex("^(?<lang>[A-Za-z]{2,3})(-(?<script>[A-Za-z]{4}))?(-(?<region>[A-Za-z]{2}|[0-9]{3}))?$")]
    private static partial Regex TagPattern();

    public static bool IsValid(string? tag) => tag is not null && TagPattern().IsMatch(tag);

    /// <summary><c>ES-pr</c> → <c>es-PR</c>; <c>zh-hant-tw</c> → <c>zh-Hant-TW</c>.</summary>
    public static string Canonical(string tag)
    {
        var m = TagPattern().Match(tag);
        if (!m.Success)
        {
            throw new ArgumentException("Not a language tag.", nameof(tag));
        }

        var result = m.Groups["lang"].Value.ToLowerInvariant();
        if (m.Groups["script"].Success)
        {
            var s = m.Groups["script"].Value;
            result += "-" + char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();
        }

        if (m.Groups["region"].Success)
        {
            result += "-" + m.Groups["region"].Value.ToUpperInvariant();
        }

        return result;
    }

    /// <summary>The language alone (<c>es-PR</c> → <c>es</c>).</summary>
    public static string Language(string tag) => Canonical(tag).Split('-')[0];

    /// <summary>
    /// The tags that may serve <paramref name="tag"/>, most specific first, all of the same language:
    /// <c>zh-Hant-TW</c> → <c>zh-Hant-TW</c>, <c>zh-Hant</c>, <c>zh</c>. Never another language.
    /// </summary>
    public static IReadOnlyList<string> FallbackChain(string tag)
    {
        var parts = Canonical(tag).Split('-');
        return [.. Enumerable.Range(0, parts.Length).Select(i => string.Join('-', parts[..(parts.Length - i)]))];
    }
}
