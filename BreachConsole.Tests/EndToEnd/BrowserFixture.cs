using System.Net;
using BreachConsole.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BreachConsole.Tests.EndToEnd;

/// <summary>
/// One console on real Kestrel (loopback, free port) and one Debian Chromium for the whole browser collection.
/// Playwright drives /usr/bin/chromium; it never downloads a browser.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ConsoleFactory App { get; } = new();

    public string BaseUrl { get; private set; } = "";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--disable-quic"],
        });
    }

    /// <summary>An API client over real HTTP to the Kestrel server, as <paramref name="user"/> (X-Dev-User).</summary>
    public HttpClient Api(string user)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Dev-User", user);
        return client;
    }

    /// <summary>A fresh browser context signed in through the development sign-in page, on an interactive page.</summary>
    public async Task<IPage> SignInAsync(string user)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "en-US" });
        // Generous for a loaded two-core CI machine; a passing step never waits for it.
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/account/login**");
        await page.ClickAsync($"[data-testid='signin-{user}']");
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Navigates with a full load and waits until the Blazor circuit is connected (clicks before that are lost).</summary>
    public static async Task GotoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitInteractiveAsync(page);
    }

    /// <summary>Saves a screenshot when BREACHCONSOLE_SCREENSHOTS names a folder (for looking at the UI, and for CI failures).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = System.Environment.GetEnvironmentVariable("BREACHCONSOLE_SCREENSHOTS");
        if (!string.IsNullOrEmpty(folder))
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    /// <summary>
    /// Waits for a save to navigate to <paramref name="url"/>; when the page shows its error alert instead, or nothing
    /// happens, fails with what the page says rather than a bare navigation timeout.
    /// </summary>
    public static async Task WaitForSavedAsync(IPage page, System.Text.RegularExpressions.Regex url, string errorTestId)
    {
        var navigated = page.WaitForURLAsync(url);
        var error = page.GetByTestId(errorTestId).WaitForAsync();
        _ = error.ContinueWith(t => t.Exception, TaskScheduler.Default); // observed: it times out when the save navigates
        try
        {
            if (await Task.WhenAny(navigated, error) == error && error.IsCompletedSuccessfully)
            {
                Assert.Fail($"The save did not navigate; the page says: {await page.GetByTestId(errorTestId).InnerTextAsync()}");
            }

            await navigated;
        }
        catch (TimeoutException ex)
        {
            var text = await page.Locator(".mud-main-content").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 5_000 });
            throw new TimeoutException($"The save did not navigate to {url} (at {page.Url}); the page reads: {text}", ex);
        }
    }

    public static Task WaitInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("body[data-interactive='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
