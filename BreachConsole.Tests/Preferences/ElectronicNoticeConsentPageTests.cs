using System.Net;
using System.Text.RegularExpressions;
using BreachConsole.Core.Preferences;
using BreachConsole.Core.Vault;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Preferences;

/// <summary>
/// HIPAA, 45 CFR §164.404(d)(1)(i): written notice by first-class mail, or by email if the individual agreed to electronic
/// notice. The public preference page records that agreement, and its withdrawal.
/// </summary>
public sealed class ElectronicNoticeConsentPageTests(FakeClockConsoleFactory factory) : IClassFixture<FakeClockConsoleFactory>
{
    private async Task<(string Token, string Path)> CustomerAsync(string customerId)
    {
        var ops = factory.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        var import = await ContactsApi.PostCsvAsync(ops, incident, $"{ContactsApi.Header}\n{ContactsApi.Row(customerId, channel: "Email")}\n");
        import.EnsureSuccessStatusCode();
        string token;
        using (var cipher = (await factory.Services.GetRequiredService<VaultKeyStore>().GetAsync()).OpenCipher())
        {
            token = cipher.Token(customerId);
        }

        var url = await factory.Services.GetRequiredService<IPreferenceLinks>().CreateUrlAsync(token, CancellationToken.None);
        return (token, new Uri(url).AbsolutePath["/customer".Length..]);
    }

    private static string Field(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"");
        Assert.True(match.Success, $"the page has a {name} field");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient browser, string path, bool? consent)
    {
        var html = await browser.GetStringAsync(path);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Field(html, "__RequestVerificationToken"),
            ["_handler"] = "preferences",
            ["Form.Channel"] = "Email",
            ["Form.Language"] = "en",
            ["Form.OptOutMarketing"] = "false",
            ["Form.OptOutServiceAlerts"] = "false",
        };
        if (consent is { } value)
        {
            fields["Form.ElectronicNoticeConsent"] = value ? "true" : "false";
        }

        using var form = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(path, form);
    }

    [Fact]
    public async Task Get_ValidLink_OffersElectronicNoticeConsentUnticked()
    {
        var (_, path) = await CustomerAsync("EC-1001");
        var browser = await factory.BrowserAsync(null);

        var html = await browser.GetStringAsync(path);

        var box = Regex.Match(html, "<input[^>]*data-testid=\"electronic-notice-consent\"[^>]*>");
        Assert.True(box.Success, "the page offers the electronic-notice agreement");
        Assert.DoesNotContain("checked", box.Value, StringComparison.Ordinal);
        Assert.Contains("by first-class mail unless you agree to receive them by email", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_AgreeThenWithdraw_PreferenceSourceCarriesEachAnswer()
    {
        var (token, path) = await CustomerAsync("EC-1002");
        var browser = await factory.BrowserAsync(null);
        var source = factory.Services.GetRequiredService<IPreferenceSource>();

        var agreed = await PostAsync(browser, path, consent: true);
        Assert.Equal(HttpStatusCode.OK, agreed.StatusCode);
        Assert.True((await source.GetAsync([token], CancellationToken.None))[token].ElectronicNoticeConsent);
        Assert.Matches("<input[^>]*checked[^>]*data-testid=\"electronic-notice-consent\"|<input[^>]*data-testid=\"electronic-notice-consent\"[^>]*checked",
            await agreed.Content.ReadAsStringAsync());

        // An unticked checkbox is not posted at all: that is a withdrawal.
        var withdrawn = await PostAsync(browser, path, consent: null);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.False((await source.GetAsync([token], CancellationToken.None))[token].ElectronicNoticeConsent);
    }
}
