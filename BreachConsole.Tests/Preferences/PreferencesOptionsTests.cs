using BreachConsole.Core.Preferences;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace BreachConsole.Tests.Preferences;

public sealed class PreferencesOptionsTests
{
    private static PreferencesOptions Resolve(string environment, Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment });
        services.AddPreferences();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PreferencesOptions>>().Value;
    }

    [Theory]
    [InlineData("Preferences:PublicBaseUrl", "not a url")]
    [InlineData("Preferences:PublicBaseUrl", "ftp://prefs.example.com")]
    [InlineData("Preferences:PublicBaseUrl", "https://prefs.example.com/?x=1")]
    [InlineData("Preferences:LinkLifetime", "00:00:00")]
    [InlineData("Preferences:LinkLifetime", "4000.00:00:00")]
    [InlineData("Preferences:LinkLifetime", "ninety days")]
    public void Resolve_BadSetting_FailsNamingTheKey(string key, string value)
    {
        var ex = Assert.ThrowsAny<Exception>(() => Resolve("Development", new() { [key] = value }));

        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ProductionWithoutPublicBaseUrl_FailsNamingIt()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Resolve("Production", []));

        Assert.Contains("Preferences:PublicBaseUrl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_DevelopmentWithoutPublicBaseUrl_TheConsolesOwnAddress()
    {
        var options = Resolve("Development", []);

        Assert.Equal("http://127.0.0.1:5080", options.PublicBaseUrl);
        Assert.Equal(TimeSpan.FromDays(90), options.LinkLifetime);
    }

    [Fact]
    public async Task CreateUrl_DevelopmentDefault_PointsAtTheConsole()
    {
        using var factory = new ConsoleFactory();

        var url = await factory.Services.GetRequiredService<IPreferenceLinks>().CreateUrlAsync("tok", CancellationToken.None);

        Assert.StartsWith("http://127.0.0.1:5080/preferences/", url, StringComparison.Ordinal);
    }
}
