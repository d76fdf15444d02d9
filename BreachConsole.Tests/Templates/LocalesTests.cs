using BreachConsole.Core.Templates;

namespace BreachConsole.Tests.Templates;

public sealed class LocalesTests
{
    [Theory]
    [InlineData("es-pr", "es-PR")]
    [InlineData("ES", "es")]
    [InlineData("zh-hant-tw", "zh-Hant-TW")]
    [InlineData("es-419", "es-419")]
    [InlineData("es_PR", "es-PR")]
    public void Canonical_AnyCase_ReturnsBcp47Casing(string tag, string expected) => Assert.Equal(expected, Locales.Canonical(tag));

    [Theory]
    [InlineData("")]
    [InlineData("english")]
    [InlineData("es-PR-x")]
    public void IsValid_NotATag_ReturnsFalse(string tag) => Assert.False(Locales.IsValid(tag));

    [Fact]
    public void FallbackChain_RegionalTag_EndsAtItsLanguageNeverAnother()
    {
        Assert.Equal(["es-PR", "es"], Locales.FallbackChain("es-PR"));
        Assert.Equal(["zh-Hant-TW", "zh-Hant", "zh"], Locales.FallbackChain("zh-Hant-TW"));
        Assert.Equal(["fr"], Locales.FallbackChain("fr"));
        // A contact imported with a variant still reaches its region's and language's templates.
        Assert.Equal(["de-DE-1996", "de-DE", "de"], Locales.FallbackChain("de-de-1996"));
    }
}
