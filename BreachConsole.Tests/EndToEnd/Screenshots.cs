using System.Net.Http.Json;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BreachConsole.Tests.EndToEnd;

/// <summary>Runs only when BREACHCONSOLE_SCREENSHOTS names a folder (not part of the default run).</summary>
public sealed class ScreenshotFactAttribute : FactAttribute
{
    public ScreenshotFactAttribute()
    {
        if (string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("BREACHCONSOLE_SCREENSHOTS")))
        {
            Skip = "Set BREACHCONSOLE_SCREENSHOTS=<folder> to write the README screenshots.";
        }
    }
}

/// <summary>
/// Each role's main page at desktop and phone width, light and dark, for docs/screenshots:
/// <c>BREACHCONSOLE_SCREENSHOTS=$PWD/docs/screenshots dotnet test BreachConsole.Tests --filter FullyQualifiedName~Screenshots</c>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class Screenshots(BrowserFixture browser)
{
    [ScreenshotFact]
    public async Task MainPages_EachRole_DesktopAndPhoneLightAndDark()
    {
        var folder = System.Environment.GetEnvironmentVariable("BREACHCONSOLE_SCREENSHOTS")!;
        Directory.CreateDirectory(folder);
        var incident = await ContactsApi.CreateIncidentAsync(browser.Api(DemoUsers.OpsCarol));
        await ContactsApi.PostCsvAsync(browser.Api(DemoUsers.OpsCarol), incident, $"{ContactsApi.Header}\n{ContactsApi.Row("SHOT-1")}\n");
        // Legal's Overview shows a review queue with something in it: a colleague's version waiting for Alice.
        var bob = browser.Api(DemoUsers.LegalBob);
        var draft = await (await bob.PostAsJsonAsync("/api/v1/templates", new
        {
            name = "Card breach notice", channel = "Sms", locale = "es-MX", jurisdictions = Array.Empty<string>(),
            body = "{{ org.name }}: aviso importante sobre sus datos: {{ notice.url }} Preferencias: {{ preferences_url }}",
        })).JsonAsync();
        (await bob.PostAsync($"/api/v1/templates/{draft.GetProperty("id").GetGuid()}/submit", null)).EnsureSuccessStatusCode();
        var pages = new (string User, string Role, string Path)[]
        {
            (DemoUsers.OpsCarol, "operations", $"/incidents/{incident}"),
            (DemoUsers.LegalAlice, "legal", "/"),
            (DemoUsers.AuditorErin, "auditor", "/audit"),
        };
        foreach (var (user, role, path) in pages)
        {
            foreach (var (width, height, size) in new[] { (1280, 800, "desktop"), (390, 844, "phone") })
            {
                foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
                {
                    var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
                    {
                        BaseURL = browser.BaseUrl, Locale = "en-US", ColorScheme = scheme,
                        ViewportSize = new ViewportSize { Width = width, Height = height },
                    });
                    var page = await context.NewPageAsync();
                    await page.GotoAsync("/");
                    await page.ClickAsync($"[data-testid='signin-{user}']");
                    await BrowserFixture.WaitInteractiveAsync(page);
                    await BrowserFixture.GotoInteractiveAsync(page, path);
                    await page.WaitForSelectorAsync("h1");
                    await page.ScreenshotAsync(new PageScreenshotOptions
                    {
                        Path = Path.Combine(folder, $"{role}-{size}-{scheme.ToString().ToLowerInvariant()}.png"),
                    });
                    await context.CloseAsync();
                }
            }
        }
    }
}
