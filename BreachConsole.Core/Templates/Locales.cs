using BreachConsole.Core.Common;

namespace BreachConsole.Core.Templates;

/// <summary>Template locales: the same BCP 47 rules as contacts (<see cref="LanguageTag"/>), plus the fallback chain.</summary>
public static class Locales
{
    public static bool IsValid(string? tag) => LanguageTag.TryNormalize(tag, out _);

    /// <summary><c>ES-pr</c> → <c>es-PR</c>; <c>zh-hant-tw</c> → <c>zh-Hant-TW</c>.</summary>
    public static string Canonical(string tag) =>
        LanguageTag.TryNormalize(tag, out var canonical) ? canonical : throw new ArgumentException("Not a language tag.", nameof(tag));

    /// <summary>The language alone (<c>es-PR</c> → <c>es</c>).</summary>
    public static string Language(string tag) => LanguageTag.Language(Canonical(tag));

    /// <summary>
    /// The tags that may serve <paramref name="tag"/>, most specific first, all of the same language:
    /// <c>zh-Hant-TW</c> → <c>zh-Hant-TW</c>, <c>zh-Hant</c>, <c>zh</c>; <c>de-DE-1996</c> → <c>de-DE-1996</c>, <c>de-DE</c>, <c>de</c>.
    /// Never another language.
    /// </summary>
    public static IReadOnlyList<string> FallbackChain(string tag)
    {
        var parts = Canonical(tag).Split('-');
        return [.. Enumerable.Range(0, parts.Length).Select(i => string.Join('-', parts[..(parts.Length - i)]))];
    }
}
