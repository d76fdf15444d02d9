using BreachConsole.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BreachConsole.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class TemplatesEndToEndTests(BrowserFixture browser)
{
    [Fact]
    public async Task DraftSubmitApprove_EsPrSms_LintGuidesAliceBobApprovesCarolReadsOnly()
    {
        var name = $"Card notice {Guid.NewGuid():N}"[..24];

        // legal.alice drafts an es-PR SMS; the lint panel flags the missing preferences link while she types.
        var alice = await browser.SignInAsync(DemoUsers.LegalAlice);
        await BrowserFixture.GotoInteractiveAsync(alice, "/templates");
        await alice.GetByTestId("templates-new").ClickAsync();
        await alice.WaitForURLAsync("**/templates/new");
        await BrowserFixture.WaitInteractiveAsync(alice);
        await alice.Locator("input[data-testid='template-name']").FillAsync(name);
        var locale = alice.Locator("input[data-testid='template-locale']");
        await locale.FillAsync("es-PR");
        await locale.PressAsync("Tab");
        var body = alice.Locator("textarea[data-testid='template-body']");
        await body.FillAsync("Hola {{ customer.first_name }}: aviso importante sobre sus datos en {{ notice.url }}");
        await Expect(alice.Locator("[data-testid='lint-item'][data-rule='preferences-link']")).ToBeVisibleAsync();
        await Expect(alice.GetByTestId("lint-panel")).ToHaveAttributeAsync("data-blocking", "true");
        await BrowserFixture.ScreenshotAsync(alice, "template-lint-missing-preferences");

        await body.FillAsync("Hola {{ customer.first_name }}: aviso importante sobre sus datos en {{ notice.url }} Preferencias: {{ preferences_url }}");
        await Expect(alice.GetByTestId("lint-ok")).ToBeVisibleAsync();
        await Expect(alice.GetByTestId("template-preview-body")).ToContainTextAsync("Hola Carmen");
        await Expect(alice.GetByTestId("sms-encoding")).ToHaveTextAsync("GSM-7");
        await alice.GetByTestId("template-save").ClickAsync();
        await BrowserFixture.WaitForSavedAsync(alice, new System.Text.RegularExpressions.Regex("/templates/[0-9a-f-]{36}$"), "template-error");
        await BrowserFixture.WaitInteractiveAsync(alice);
        var detailPath = new Uri(alice.Url).AbsolutePath;
        await Expect(alice.GetByTestId("template-status")).ToHaveAttributeAsync("data-status", "Draft");
        await alice.GetByTestId("template-submit").ClickAsync();
        await Expect(alice.GetByTestId("template-status")).ToHaveAttributeAsync("data-status", "InReview");
        // Four-eyes: the author gets no approve button.
        await Expect(alice.GetByTestId("template-approve")).ToHaveCountAsync(0);
        await Expect(alice.GetByTestId("template-four-eyes")).ToBeVisibleAsync();

        // legal.bob approves it.
        var bob = await browser.SignInAsync(DemoUsers.LegalBob);
        await BrowserFixture.GotoInteractiveAsync(bob, detailPath);
        await bob.GetByTestId("template-approve").ClickAsync();
        await Expect(bob.GetByTestId("template-status")).ToHaveAttributeAsync("data-status", "Approved");
        await BrowserFixture.ScreenshotAsync(bob, "template-approved");

        // ops.carol sees it approved in the grid and read-only on its page.
        var carol = await browser.SignInAsync(DemoUsers.OpsCarol);
        await BrowserFixture.GotoInteractiveAsync(carol, "/templates");
        var cell = carol.Locator($"[data-testid='template-group'][data-name='{name}'] [data-testid='template-cell'][data-locale='es-PR'][data-channel='Sms']");
        await Expect(cell).ToHaveAttributeAsync("data-status", "Approved");
        await BrowserFixture.GotoInteractiveAsync(carol, detailPath);
        await Expect(carol.GetByTestId("template-approved-version")).ToBeVisibleAsync();
        await Expect(carol.GetByTestId("template-readonly")).ToBeVisibleAsync();
        await Expect(carol.Locator("textarea[data-testid='template-body']")).ToHaveAttributeAsync("readonly", "");
        await Expect(carol.GetByTestId("template-save")).ToHaveCountAsync(0);
        await Expect(carol.GetByTestId("template-submit")).ToHaveCountAsync(0);
        await Expect(carol.GetByTestId("template-approve")).ToHaveCountAsync(0);
        await Expect(carol.GetByTestId("template-reject")).ToHaveCountAsync(0);

        await alice.Context.CloseAsync();
        await bob.Context.CloseAsync();
        await carol.Context.CloseAsync();
    }
}
