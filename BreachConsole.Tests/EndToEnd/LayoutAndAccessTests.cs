using BreachConsole.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BreachConsole.Tests.EndToEnd;

/// <summary>The console on a phone (390 px), the 403 page and dark mode, in a real Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutAndAccessTests(BrowserFixture browser)
{
    private static async Task<int> PageWidthAsync(IPage page) =>
        await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

    [Fact]
    public async Task Phone_ContactsAndTemplates_FitTheScreenAndSignOutShows()
    {
        var ops = browser.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        await ContactsApi.PostCsvAsync(ops, incident, $"{ContactsApi.Header}\n{ContactsApi.Row("PHONE-1")}\n");

        var carol = await browser.SignInAsync(DemoUsers.OpsCarol);
        await carol.SetViewportSizeAsync(390, 844);
        await BrowserFixture.GotoInteractiveAsync(carol, $"/incidents/{incident}/contacts");
        await Expect(carol.GetByTestId("contact-grid").Locator("tbody tr.mud-table-row")).ToHaveCountAsync(1);

        // The page is no wider than the phone: phone and email are reached by scrolling the grid, not the page.
        Assert.True(await PageWidthAsync(carol) <= 390, $"page is {await PageWidthAsync(carol)} px wide");
        var signOut = carol.GetByTestId("sign-out");
        await Expect(signOut).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(signOut).ToHaveAccessibleNameAsync("Sign out");
        await carol.Context.CloseAsync();

        var name = $"Phone grid {Guid.NewGuid():N}"[..20];
        var created = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(browser.Api(DemoUsers.LegalAlice), "/api/v1/templates",
            new { name, channel = "Voice", locale = "es-PR", body = "Hola {{ customer.firstName }}." });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var alice = await browser.SignInAsync(DemoUsers.LegalAlice);
        await alice.SetViewportSizeAsync(390, 844);
        await BrowserFixture.GotoInteractiveAsync(alice, "/templates");

        // Every channel column is there (the grid scrolls inside its own focusable region), the page does not widen.
        var group = alice.Locator($"[data-testid='template-group'][data-name='{name}']");
        await Expect(group.Locator("th", new() { HasText = "Voice" })).ToHaveCountAsync(1);
        await group.Locator("[data-testid='template-cell'][data-channel='Voice']").ScrollIntoViewIfNeededAsync();
        await Expect(group.Locator("[data-testid='template-cell'][data-channel='Voice'] a")).ToBeInViewportAsync();
        Assert.True(await PageWidthAsync(alice) <= 390, $"templates page is {await PageWidthAsync(alice)} px wide");
        await alice.Context.CloseAsync();
    }

    [Fact]
    public async Task AccessDenied_LegalOnAuditLog_SaysWhoAndWhichRole()
    {
        var alice = await browser.SignInAsync(DemoUsers.LegalAlice);

        // Navigating inside the console.
        await alice.EvaluateAsync("() => Blazor.navigateTo('/audit')");
        await Expect(alice.GetByTestId("access-denied")).ToContainTextAsync("legal.alice");
        await Expect(alice.GetByTestId("access-denied-needs")).ToContainTextAsync("Auditor");

        // A full page load goes through the cookie handler's 403 page.
        await alice.GotoAsync("/audit");
        await Expect(alice.GetByTestId("status-signed-in")).ToContainTextAsync("legal.alice");
        await Expect(alice.GetByTestId("status-needs")).ToContainTextAsync("Auditor");
        await alice.Context.CloseAsync();
    }

    [Fact]
    public async Task DarkMode_FollowsOsThenPersistsChoice()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
            { BaseURL = browser.BaseUrl, Locale = "en-US", ColorScheme = ColorScheme.Dark });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.ClickAsync($"[data-testid='signin-{DemoUsers.AuditorErin}']");
        await BrowserFixture.WaitInteractiveAsync(page);

        // First visit follows the OS (dark); the toggle offers light.
        await Expect(page.GetByTestId("toggle-dark-mode")).ToHaveAccessibleNameAsync("Switch to light mode");
        await page.GetByTestId("toggle-dark-mode").ClickAsync();
        await Expect(page.GetByTestId("toggle-dark-mode")).ToHaveAccessibleNameAsync("Switch to dark mode");

        // The choice survives a reload, against the OS setting.
        await BrowserFixture.GotoInteractiveAsync(page, "/incidents");
        await Expect(page.GetByTestId("toggle-dark-mode")).ToHaveAccessibleNameAsync("Switch to dark mode");
        await context.CloseAsync();
    }
}
