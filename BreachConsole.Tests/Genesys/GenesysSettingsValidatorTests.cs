using BreachConsole.Core.Genesys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreachConsole.Tests.Genesys;

/// <summary>
/// The <c>Genesys</c> settings, bound and validated by <c>AddGenesys</c> itself: what start-up refuses, by full key, whether
/// the settings come from configuration or are given in code.
/// </summary>
public sealed class GenesysSettingsValidatorTests
{
    private static GenesysOptions FromConfiguration(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddGenesys();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GenesysOptions>>().Value;
    }

    private static GenesysOptions InCode(Action<GenesysOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddGenesys(configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GenesysOptions>>().Value;
    }

    [Theory]
    [InlineData("Genesys:BatchSize", "0")]
    [InlineData("Genesys:BatchSize", "5000")]
    [InlineData("Genesys:RequestsPerMinute", "0")]
    [InlineData("Genesys:Region", "mars_north_1")]
    [InlineData("Genesys:ApiBaseUrl", "ftp://api.example.com/")]
    [InlineData("Genesys:LoginBaseUrl", "/relative/login")]
    [InlineData("Genesys:Sandbox:ServerErrorRate", "1.5")]
    [InlineData("Genesys:Sandbox:TokenLifetimeSeconds", "0")]
    [InlineData("Genesys:Sandbox:Database", "")]
    public void AddGenesys_BadSetting_IsRefusedNamingTheKey(string key, string value)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => FromConfiguration(new() { [key] = value }));

        Assert.Contains(ex.Failures, f => f.StartsWith(key + ":", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Genesys:ClientId")]
    [InlineData("Genesys:ClientSecret")]
    public void AddGenesys_CloudWithoutCredentials_IsRefusedNamingTheKey(string key)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Genesys:Mode"] = "Cloud", ["Genesys:ClientId"] = "client", ["Genesys:ClientSecret"] = "secret", [key] = "",
        };

        var ex = Assert.Throws<OptionsValidationException>(() => FromConfiguration(settings));

        Assert.Contains(ex.Failures, f => f.StartsWith(key + ":", StringComparison.Ordinal) && f.Contains("Cloud", StringComparison.Ordinal));
    }

    [Fact]
    public void AddGenesys_SettingsInConfiguration_AreBound()
    {
        var options = FromConfiguration(new()
        {
            ["Genesys:Mode"] = "Cloud", ["Genesys:Region"] = "eu_west_1", ["Genesys:ClientId"] = "client", ["Genesys:ClientSecret"] = "secret",
            ["Genesys:BatchSize"] = "250", ["Genesys:Sandbox:RequestsPerMinute"] = "600",
        });

        Assert.Equal(GenesysMode.Cloud, options.Mode);
        Assert.Equal("eu_west_1", options.Region);
        Assert.Equal(250, options.BatchSize);
        Assert.Equal(600, options.Sandbox.RequestsPerMinute);
    }

    [Fact]
    public void AddGenesys_Defaults_AreValid()
    {
        var options = FromConfiguration([]);

        Assert.Equal(GenesysMode.Sandbox, options.Mode);
        Assert.Equal(100, options.BatchSize);
    }

    [Fact]
    public void AddGenesys_BadSettingGivenInCode_IsRefusedNamingTheKey()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => InCode(o =>
        {
            o.Mode = GenesysMode.Cloud;
            o.ClientId = "client";
            o.ClientSecret = "secret";
            o.BatchSize = 5000;
        }));

        var failure = Assert.Single(ex.Failures);
        Assert.StartsWith("Genesys:BatchSize:", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGenesys_GoodSettingsGivenInCode_AreUsedAsGiven()
    {
        var api = new Uri("http://127.0.0.1:5090/sandbox/genesys/");

        var options = InCode(o =>
        {
            o.Mode = GenesysMode.Cloud;
            o.ApiBaseUrl = api;
            o.ClientId = "client";
            o.ClientSecret = "secret";
            o.RequestsPerMinute = 600;
        });

        Assert.Equal(api, options.ApiBaseUrl);
        Assert.Equal(600, options.RequestsPerMinute);
    }
}
