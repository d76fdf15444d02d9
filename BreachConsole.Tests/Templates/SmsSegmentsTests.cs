using BreachConsole.Core.Templates;

namespace BreachConsole.Tests.Templates;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Measure_Gsm7Length_CountsSegmentsAt160And153(int length, int segments)
    {
        var measure = SmsSegments.Measure(new string('a', length));

        Assert.Equal(SmsEncoding.Gsm7, measure.Encoding);
        Assert.Equal(length, measure.Units);
        Assert.Equal(segments, measure.Segments);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    [InlineData(201, 3)]
    [InlineData(202, 4)]
    public void Measure_Ucs2Length_CountsSegmentsAt70And67(int length, int segments)
    {
        var text = "ó" + new string('a', length - 1);

        var measure = SmsSegments.Measure(text);

        Assert.Equal(SmsEncoding.Ucs2, measure.Encoding);
        Assert.Equal(length, measure.Units);
        Assert.Equal(segments, measure.Segments);
    }

    [Fact]
    public void Measure_EuroSign_CountsTwoSeptets()
    {
        Assert.Equal(2, SmsSegments.Measure("€").Units);
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Measure("€").Encoding);
    }

    [Theory]
    [InlineData('€')]
    [InlineData('[')]
    [InlineData(']')]
    [InlineData('{')]
    [InlineData('}')]
    [InlineData('~')]
    [InlineData('^')]
    [InlineData('|')]
    [InlineData('\\')]
    public void Measure_ExtensionCharacter_CountsTwoSeptets(char c)
    {
        var measure = SmsSegments.Measure($"a{c}b");

        Assert.Equal(SmsEncoding.Gsm7, measure.Encoding);
        Assert.Equal(4, measure.Units);
    }

    [Fact]
    public void Measure_EuroAtTheBoundary_PushesTo2Segments()
    {
        Assert.Equal(1, SmsSegments.Measure(new string('a', 158) + "€").Segments);
        Assert.Equal(2, SmsSegments.Measure(new string('a', 159) + "€").Segments);
    }

    [Theory]
    [InlineData("ñ")]
    [InlineData("é")]
    [InlineData("ü")]
    [InlineData("Ñandú está aquí", false)]
    public void Measure_SpanishLetters_GsmOnlyWhenInTheAlphabet(string text, bool gsm = true)
    {
        Assert.Equal(gsm ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2, SmsSegments.Measure(text).Encoding);
    }

    [Theory]
    [InlineData("ó")]
    [InlineData("á")]
    [InlineData("í")]
    [InlineData("ú")]
    public void Measure_AccentOutsideGsm7_SwitchesWholeMessageToUcs2(string accent)
    {
        var measure = SmsSegments.Measure("Hola " + accent + " niño");

        Assert.Equal(SmsEncoding.Ucs2, measure.Encoding);
        Assert.Equal(("Hola " + accent + " niño").Length, measure.Units);
    }

    [Fact]
    public void NonGsm7Characters_MixedText_ListsTheCulprits()
    {
        Assert.Equal(['ó', 'á'], SmsSegments.NonGsm7Characters("información está ñ ó"));
    }
}
