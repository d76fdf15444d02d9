using System.Net;
using BreachConsole.Tests.Infrastructure;

namespace BreachConsole.Tests.Web;

public sealed class WebHygieneTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Page_Any_CarriesSecurityHeaders()
    {
        var response = await (await factory.BrowserAsync(null)).GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Page_WrongRole_Is403WithReadablePage()
    {
        var browser = await factory.BrowserAsync(DemoUsers.LegalAlice);

        var response = await browser.GetAsync("/audit");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Access denied", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_UnknownAddress_Is404WithReadablePage()
    {
        var browser = await factory.BrowserAsync(DemoUsers.OpsCarol);

        var response = await browser.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_ReturnUrlToAnotherSite_RedirectsHome()
    {
        var client = await factory.BrowserAsync(null);
        var token = await ConsoleFactory.AntiforgeryTokenAsync(client);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["user"] = DemoUsers.OpsCarol,
            ["returnUrl"] = "//evil.example/phish",
        });

        var response = await client.PostAsync("/account/login", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Health_Endpoints_AreAnonymousAndHealthy()
    {
        var client = factory.Api(null);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }
}
