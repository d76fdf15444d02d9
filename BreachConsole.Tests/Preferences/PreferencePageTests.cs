using System.Net;
using System.Text.RegularExpressions;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Preferences;
using BreachConsole.Core.Vault;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Preferences;

public sealed class PreferencePageTests(FakeClockConsoleFactory factory) : IClassFixture<FakeClockConsoleFactory>
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
        // PublicBaseUrl here has a path (a reverse proxy's prefix); the console itself serves /preferences/{link}.
        var path = new Uri(url).AbsolutePath;
        Assert.StartsWith("/customer/preferences/", path, StringComparison.Ordinal);
        return (token, path["/customer".Length..]);
    }

    private static string Field(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"");
        Assert.True(match.Success, $"the page has a {name} field");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [Fact]
    public async Task Get_ValidLink_ShowsMaskedDetailsOnly()
    {
        var (_, path) = await CustomerAsync("PP-1001");
        var browser = await factory.BrowserAsync(null);

        var response = await browser.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your contact preferences", html, StringComparison.Ordinal);
        Assert.Contains("p***@example.com", html, StringComparison.Ordinal);
        Assert.DoesNotContain("pp-1001@example.com", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("PP-1001", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane", html, StringComparison.Ordinal);
        Assert.Contains("Notices the law requires us to send you", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ChangeChannelAndLanguage_PreferenceSourceSeesItAndAuditNamesTheCustomer()
    {
        var (token, path) = await CustomerAsync("PP-1002");
        var browser = await factory.BrowserAsync(null);
        var html = await browser.GetStringAsync(path);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Field(html, "__RequestVerificationToken"),
            ["_handler"] = "preferences",
            ["Form.Channel"] = "Sms",
            ["Form.Language"] = "es",
            ["Form.OptOutMarketing"] = "true",
            ["Form.OptOutServiceAlerts"] = "false",
        });
        var response = await browser.PostAsync(path, form);
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"saved\"", answer, StringComparison.Ordinal);
        var preferences = await factory.Services.GetRequiredService<IPreferenceSource>().GetAsync([token], CancellationToken.None);
        Assert.Equal(Channel.Sms, preferences[token].PreferredChannel);
        Assert.Equal("es", preferences[token].PreferredLanguage);
        Assert.True(preferences[token].OptOutMarketing);
        Assert.False(preferences[token].OptOutServiceAlerts);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.PreferenceChanged && e.Actor == "customer:" + token));
        // The saved language now speaks to the customer.
        Assert.Contains("Sus preferencias de contacto", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_Refused()
    {
        var (token, path) = await CustomerAsync("PP-1003");
        var browser = await factory.BrowserAsync(null);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "preferences", ["Form.Channel"] = "Voice" });
        var response = await browser.PostAsync(path, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var preferences = await factory.Services.GetRequiredService<IPreferenceSource>().GetAsync([token], CancellationToken.None);
        Assert.Null(preferences[token].PreferredChannel);
    }

    [Fact]
    public async Task Get_TamperedLink_FriendlyPageNoStackTrace()
    {
        var (_, path) = await CustomerAsync("PP-1004");
        var tampered = path[..^2] + (path[^2] == 'A' ? "B" : "A") + path[^1];

        var response = await (await factory.BrowserAsync(null)).GetAsync(tampered);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This link does not work", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ExpiredOrRevokedLink_FriendlyPage()
    {
        var (_, expiring) = await CustomerAsync("PP-1005");
        var (_, revoked) = await CustomerAsync("PP-1006");
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await factory.Services.GetRequiredService<PreferenceLinkAdmin>().RevokeForCustomerAsync(new Actor("ops.carol", [Roles.Operations]), "PP-1006");
        var browser = await factory.BrowserAsync(null);

        var revokedPage = await browser.GetAsync(revoked);
        factory.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var expiredPage = await browser.GetAsync(expiring + "?lang=de");

        Assert.Equal(HttpStatusCode.Gone, revokedPage.StatusCode);
        Assert.Contains("This link is no longer active", await revokedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, expiredPage.StatusCode);
        Assert.Contains("Dieser Link ist abgelaufen", await expiredPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ManyTimesOneLink_RateLimited()
    {
        var (_, path) = await CustomerAsync("PP-1007");
        var browser = await factory.BrowserAsync(null);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= PreferencePageLimiter.PerLinkPerMinute; i++)
        {
            statuses.Add((await browser.GetAsync(path)).StatusCode);
        }

        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Theory]
    [InlineData("es", "Sus preferencias de contacto")]
    [InlineData("fr", "Vos préférences de contact")]
    [InlineData("de", "Ihre Kontakteinstellungen")]
    public async Task Get_Language_Localized(string language, string title)
    {
        var (_, path) = await CustomerAsync($"PP-2{language}");

        var response = await (await factory.BrowserAsync(null)).GetAsync($"{path}?lang={language}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} {response.Headers.Location} {path}");

        Assert.Contains(title, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains($"lang=\"{language}\"", html, StringComparison.Ordinal);
    }
}
