using BreachConsole.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BreachConsole.Tests.EndToEnd;

/// <summary>
/// The console with the keyboard only (Tab, Shift+Tab, Enter, Space and typing; no clicks): sign in, draft and submit a
/// template, approve it, open an incident, import contacts. Every control reached shows a focus ring, and after a
/// navigation focus is on the page heading.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(BrowserFixture browser)
{
    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/>; fails when it is never reached.</summary>
    private static async Task TabToAsync(IPage page, string selector, string? text = null, int max = 80)
    {
        for (var i = 0; i < max; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            // The focused element, or the control it sits in (a chip's inner part), matching the selector and text.
            if (await page.EvaluateAsync<bool>(
                    "([s, t]) => { const el = document.activeElement?.closest(s); return !!el && (t === null || el.textContent.trim() === t); }",
                    new object?[] { selector, text }))
            {
                // The ring is there and is not the page's own background: a real outline of at least 2 px.
                var ring = await page.EvaluateAsync<string>(
                    "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }");
                Assert.True(!ring.StartsWith("none", StringComparison.Ordinal) && float.Parse(ring.Split(' ')[1].Replace("px", ""),
                    System.Globalization.CultureInfo.InvariantCulture) >= 2, $"no focus ring on {selector}: {ring}");
                return;
            }
        }

        var at = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'");
        Assert.Fail($"Tab never reached {selector} (focus ended on {at}).");
    }

    private static async Task<IPage> SignInWithKeyboardAsync(BrowserFixture browser, string user)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, Locale = "en-US" });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/account/login**");
        await TabToAsync(page, $"[data-testid='signin-{user}']");
        await page.Keyboard.PressAsync("Enter");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync(user);
        return page;
    }

    /// <summary>After a navigation the page's heading has focus (screen readers announce the new page).</summary>
    private static async Task ExpectFocusOnHeadingAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => document.activeElement?.tagName === 'H1'");

    [Fact]
    public async Task Keyboard_SignInDraftSubmitAndApproveATemplate()
    {
        var name = $"Keyboard notice {Guid.NewGuid():N}"[..26];
        var alice = await SignInWithKeyboardAsync(browser, DemoUsers.LegalAlice);

        // The menu to the templates, then "New template".
        await TabToAsync(alice, "[data-testid='nav-templates'] a, a[data-testid='nav-templates']");
        await alice.Keyboard.PressAsync("Enter");
        await alice.WaitForURLAsync("**/templates");
        await ExpectFocusOnHeadingAsync(alice);
        await TabToAsync(alice, "[data-testid='templates-new']");
        await alice.Keyboard.PressAsync("Enter");
        await alice.WaitForURLAsync("**/templates/new");
        await ExpectFocusOnHeadingAsync(alice);

        // Name, then the body (US English SMS is the default), then Save.
        await TabToAsync(alice, "input[data-testid='template-name']");
        await alice.Keyboard.TypeAsync(name);
        await TabToAsync(alice, "textarea[data-testid='template-body']");
        await alice.Keyboard.InsertTextAsync(
            "Hello {{ customer.first_name }}: important notice about your data at {{ notice.url }} Preferences: {{ preferences_url }}");
        await Expect(alice.GetByTestId("lint-ok")).ToBeVisibleAsync();
        await TabToAsync(alice, "[data-testid='template-save']");
        await alice.Keyboard.PressAsync("Enter");
        await BrowserFixture.WaitForSavedAsync(alice, new System.Text.RegularExpressions.Regex("/templates/[0-9a-f-]{36}$"), "template-error");
        var detailPath = new Uri(alice.Url).AbsolutePath;
        await Expect(alice.GetByTestId("template-status")).ToHaveAttributeAsync("data-status", "Draft");

        // Submit for review.
        await TabToAsync(alice, "[data-testid='template-submit']");
        await alice.Keyboard.PressAsync("Enter");
        await Expect(alice.GetByTestId("template-status")).ToHaveAttributeAsync("data-status", "InReview");
        await Expect(alice.GetByTestId("template-status")).ToContainTextAsync("In review");
        await alice.Context.CloseAsync();

        // legal.bob approves it with the keyboard.
        var bob = await SignInWithKeyboardAsync(browser, DemoUsers.LegalBob);
        await BrowserFixture.GotoInteractiveAsync(bob, detailPath);
        await TabToAsync(bob, "[data-testid='template-approve']");
        await bob.Keyboard.PressAsync("Enter");
        await Expect(bob.GetByTestId("template-status")).ToHaveAttributeAsync("data-status", "Approved");
        await bob.Context.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_OpenAnIncidentAndImportContacts()
    {
        var title = $"Keyboard incident {Guid.NewGuid():N}"[..28];
        var carol = await SignInWithKeyboardAsync(browser, DemoUsers.OpsCarol);

        await TabToAsync(carol, "[data-testid='nav-incidents'] a, a[data-testid='nav-incidents']");
        await carol.Keyboard.PressAsync("Enter");
        await carol.WaitForURLAsync("**/incidents");
        await ExpectFocusOnHeadingAsync(carol);
        await TabToAsync(carol, "[data-testid='create-incident']");
        await carol.Keyboard.PressAsync("Enter");
        // MudDialog moves focus into itself once it has rendered; keys pressed before that (a slow server) land elsewhere.
        await carol.WaitForFunctionAsync("() => document.activeElement?.closest('.mud-dialog') != null");

        // The dialog: title, one jurisdiction and one data element (chips toggle with Space), then "Open incident".
        await TabToAsync(carol, "input[data-testid='incident-title']");
        await carol.Keyboard.TypeAsync(title);
        await TabToAsync(carol, "[data-testid='incident-jurisdictions'] .mud-chip", "EU");
        await carol.Keyboard.PressAsync("Space");
        await TabToAsync(carol, "[data-testid='incident-data-elements'] .mud-chip", "Email address");
        await carol.Keyboard.PressAsync("Space");
        await TabToAsync(carol, "[data-testid='incident-save']");
        await carol.Keyboard.PressAsync("Enter");
        await carol.WaitForURLAsync("**/incidents/*-*");
        await Expect(carol.GetByTestId("incident-title")).ToHaveTextAsync(title);

        // Import: the file chooser opens from the keyboard; the summary follows.
        await TabToAsync(carol, "[data-testid='incident-import']");
        await carol.Keyboard.PressAsync("Enter");
        await carol.WaitForURLAsync("**/import");
        await ExpectFocusOnHeadingAsync(carol);
        var csv = System.Text.Encoding.UTF8.GetBytes($"{ContactsApi.Header}\n{ContactsApi.Row("KBD-1")}\n{ContactsApi.Row("KBD-2")}\n");
        await TabToAsync(carol, "[data-testid='choose-file']");
        var chooser = await carol.RunAndWaitForFileChooserAsync(() => carol.Keyboard.PressAsync("Enter"));
        await chooser.SetFilesAsync(new FilePayload { Name = "contacts.csv", MimeType = "text/csv", Buffer = csv });
        await Expect(carol.GetByTestId("import-summary")).ToContainTextAsync("2");
        await carol.Context.CloseAsync();
    }
}
