using BreachConsole.Core.Configuration;
using BreachConsole.Core.Dispatch;

namespace BreachConsole.Tests.Dispatch;

/// <summary>The <c>Dispatch</c>, <c>Routes</c> and <c>Residency</c> settings: what start-up refuses, by full key.</summary>
public sealed class DispatchSettingsValidatorTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    [InlineData("90.00:00:01")]
    public void Dispatch_SlaWindowOutOfRange_IsRefusedNamingTheKey(string window)
    {
        var result = Validate("Dispatch", new DispatchOptionsValidator(), new DispatchOptions { SlaWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Contains(result, f => f.StartsWith("Dispatch:SlaWindow:", StringComparison.Ordinal));
    }

    [Fact]
    public void Dispatch_Defaults_AreValid()
    {
        Assert.Empty(Validate("Dispatch", new DispatchOptionsValidator(), new DispatchOptions()));
        Assert.Equal([Channel.Email, Channel.Sms, Channel.Voice], new DispatchOptions().EffectiveFallback);
    }

    [Fact]
    public void Dispatch_FallbackNamingAChannelTwice_IsRefused()
    {
        var result = Validate("Dispatch", new DispatchOptionsValidator(), new DispatchOptions { ChannelFallback = [Channel.Sms, Channel.Email, Channel.Sms] });

        Assert.Contains(result, f => f.StartsWith("Dispatch:ChannelFallback:", StringComparison.Ordinal) && f.Contains("twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Routes_EmptyCarrier_IsRefusedNamingTheKey()
    {
        var options = new RoutesOptions { Sms = new RoutesOptions.SmsRoute { Carrier = "" } };

        var result = Validate("Routes", new RoutesOptionsValidator(), options);

        Assert.Contains(result, f => f.StartsWith("Routes:Sms:Carrier:", StringComparison.Ordinal));
    }

    [Fact]
    public void Residency_CountryNotAnIsoCode_IsRefusedNamingItsIndex()
    {
        var options = new ResidencyOptions();
        options.Regions["EU"] = new ResidencyRegion { Countries = ["DE", "france"] };

        var result = Validate("Residency", new ResidencyOptionsValidator(), options);

        Assert.Contains(result, f => f.StartsWith("Residency:Regions:EU:Countries:1:", StringComparison.Ordinal));
        Assert.DoesNotContain(result, f => f.Contains("Countries:0", StringComparison.Ordinal));
    }

    private static List<string> Validate<T>(string section, FluentValidation.IValidator<T> validator, T options)
        where T : class =>
        new SettingsValidator<T>(section, validator).Validate(null, options).Failures?.ToList() ?? [];
}
