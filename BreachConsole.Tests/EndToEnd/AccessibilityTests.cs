using System.Net.Http.Json;
using System.Text;
using BreachConsole.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BreachConsole.Tests.EndToEnd;

/// <summary>
/// WCAG 2.2 AA with axe-core: every console page each role can open, in light and dark at desktop width and again at
/// 390 px, has no serious or critical finding. One browser context per role and colour scheme; pages are visited
/// with full loads so each is checked as a person arriving at it sees it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly AxeRunOptions AxeOptions = new()
    {
        RunOnly = new RunOnlyOptions
        {
            Type = "tag",
            Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
        },
        // Only violations carry their nodes back: passes and incompletes on a MudBlazor page are thousands of nodes.
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>Legal on the audit log: the console's own 403 (client navigation) and the server's (full load).</summary>
    private const string Denied = "denied:/audit";

    [Fact]
    public async Task EveryPage_EveryRole_LightAndDark_DesktopAndPhone_NoSeriousOrCriticalFindings()
    {
        var (incident, template, campaign) = await SeedAsync();
        var shared = new[] { "/", "/incidents", $"/incidents/{incident}", "/templates", $"/templates/{template}", $"/campaigns/{campaign}" };
        var roles = new (string User, string[] Paths)[]
        {
            (DemoUsers.LegalAlice, [.. shared, "/templates/new", Denied]),
            (DemoUsers.OpsCarol, [.. shared, $"/incidents/{incident}/contacts", $"/incidents/{incident}/import", "/webhooks", "/sandbox"]),
            (DemoUsers.AuditorErin, [.. shared, $"/incidents/{incident}/contacts", "/audit"]),
        };

        var findings = new List<string>();
        var checkedPages = 0;
        var phoneChecked = new HashSet<string>(StringComparer.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (user, paths) in roles)
        {
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                var context = await NewContextAsync(scheme);
                var page = await context.NewPageAsync();
                await page.GotoAsync("/account/login");
                await CheckAsync(page, $"anonymous /account/login {scheme}", findings);
                await page.ClickAsync($"[data-testid='signin-{user}']");
                await BrowserFixture.WaitInteractiveAsync(page);

                // Desktop in both schemes; the phone pass (layout: reflow, scrolling regions) in light.
                var widths = scheme == ColorScheme.Light ? new[] { (1280, 800), (390, 844) } : new[] { (1280, 800) };
                foreach (var (width, height) in widths)
                {
                    await page.SetViewportSizeAsync(width, height);
                    foreach (var path in paths)
                    {
                        // The phone pass is about layout (reflow, scrolling regions): each page once, by the first role that opens it.
                        if (width < 600 && !phoneChecked.Add(path))
                        {
                            continue;
                        }

                        try
                        {
                            await OpenAsync(page, path, scheme);
                        }
                        catch (TimeoutException e)
                        {
                            findings.Add($"{user} {path} {scheme} {width}px did not load: {e.Message.ReplaceLineEndings(" ")}");
                            continue;
                        }

                        await CheckAsync(page, $"{user} {path} {scheme} {width}px", findings);
                        checkedPages++;
                    }
                }

                await context.CloseAsync();
                output.WriteLine($"{user} {scheme}: {clock.Elapsed.TotalSeconds:0} s");
            }
        }

        // Pages outside the console's layout: the status pages and the public preference page.
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var context = await NewContextAsync(scheme);
            var page = await context.NewPageAsync();
            foreach (var path in new[] { "/account/denied", "/error/404", "/preferences/not-a-link" })
            {
                await page.GotoAsync(path);
                await page.WaitForSelectorAsync("h1");
                await CheckAsync(page, $"anonymous {path} {scheme}", findings);
            }

            await context.CloseAsync();
        }

        output.WriteLine($"{checkedPages} console pages checked in {clock.Elapsed.TotalSeconds:0} s");
        Assert.True(checkedPages >= 50, $"only {checkedPages} pages were checked");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    private async Task<IBrowserContext> NewContextAsync(ColorScheme scheme)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUrl, Locale = "en-US", ColorScheme = scheme, ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>
    /// Navigates inside the circuit (as a person using the menu does; far quicker than a full load per page) and waits
    /// for the new page's heading: the old heading is marked first, so its lingering copy is never taken for the new one.
    /// </summary>
    private static async Task NavigateAsync(IPage page, string path)
    {
        if (new Uri(page.Url).AbsolutePath == path)
        {
            await BrowserFixture.GotoInteractiveAsync(page, path);
            return;
        }

        await page.EvaluateAsync("() => document.querySelectorAll('h1').forEach(h => h.setAttribute('data-a11y-seen', ''))");
        await page.EvaluateAsync("p => Blazor.navigateTo(p)", path);
        await page.WaitForSelectorAsync("h1:not([data-a11y-seen])");
    }

    /// <summary>The circuit connected, the heading there and the theme the OS asks for applied.</summary>
    private static async Task OpenAsync(IPage page, string path, ColorScheme scheme)
    {
        if (path == Denied)
        {
            await NavigateAsync(page, "/audit");
            await page.WaitForSelectorAsync("[data-testid='access-denied']");
        }
        else
        {
            await NavigateAsync(page, path);
        }

        await page.WaitForSelectorAsync("h1");
        var toggle = scheme == ColorScheme.Dark ? "Switch to light mode" : "Switch to dark mode";
        await page.WaitForSelectorAsync($"[data-testid='toggle-dark-mode'][aria-label='{toggle}']");
        // Data loads after the first interactive render; wait until no progress bar is left.
        await page.WaitForFunctionAsync("() => !document.querySelector('.mud-main-content .mud-progress-linear-indeterminate')");
    }

    private static async Task CheckAsync(IPage page, string where, List<string> findings)
    {
        // No tab stop that goes nowhere (WCAG 2.4.3/2.4.4): a link to "#" is a control pretending to be a link.
        var deadLinks = await page.EvaluateAsync<int>("() => document.querySelectorAll('a[href=\"#\"]:not([tabindex=\"-1\"])').length");
        if (deadLinks > 0)
        {
            findings.Add($"{where}: {deadLinks} link(s) to \"#\"");
        }

        var result = await page.RunAxe(AxeOptions);
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            foreach (var node in violation.Nodes.Take(3))
            {
                findings.Add($"{where}: {violation.Id} ({violation.Impact}) at {node.Target}: {Shorten(node.Html)} — {Shorten(string.Join("; ", node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message)))}");
            }
        }
    }

    private static string Shorten(string? text) =>
        text is null ? "" : text.ReplaceLineEndings(" ").Length > 220 ? text.ReplaceLineEndings(" ")[..220] + "…" : text.ReplaceLineEndings(" ");

    /// <summary>An incident with contacts, a draft template in review and a campaign, so the detail pages have content.</summary>
    private async Task<(Guid Incident, Guid Template, Guid Campaign)> SeedAsync()
    {
        var ops = browser.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        var csv = new StringBuilder(ContactsApi.Header).Append('\n')
            .Append(ContactsApi.Row("A11Y-1")).Append('\n')
            .Append(ContactsApi.Row("A11Y-2", language: "es-PR", channel: "Email", email: "maria@example.com")).Append('\n');
        var imported = await ContactsApi.PostCsvAsync(ops, incident, csv.ToString());
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());

        var name = $"A11y notice {Guid.NewGuid():N}"[..22];
        var created = await browser.Api(DemoUsers.LegalAlice).PostAsJsonAsync("/api/v1/templates",
            new { name, channel = "Sms", locale = "en-US", body = "Hello {{ customer.first_name }}, see {{ notice.url }}." });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var template = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var campaign = await ops.PostAsJsonAsync($"/api/v1/incidents/{incident}/campaigns", new { name = "A11y wave", templateName = name });
        Assert.True(campaign.IsSuccessStatusCode, await campaign.Content.ReadAsStringAsync());
        return (incident, template, (await campaign.JsonAsync()).GetProperty("id").GetGuid());
    }
}
