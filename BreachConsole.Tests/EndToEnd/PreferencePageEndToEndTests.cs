using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Preferences;
using BreachConsole.Core.Vault;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BreachConsole.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class PreferencePageEndToEndTests(BrowserFixture browser)
{
    [Fact]
    public async Task PreferenceLink_CustomerChangesChannel_KeyboardOnly_ChangeIsStored()
    {
        // A customer from an import, and the link a notice would carry.
        var ops = browser.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        (await ContactsApi.PostCsvAsync(ops, incident, $"{ContactsApi.Header}\n{ContactsApi.Row("E2E-PREF-1", channel: "Email")}\n")).EnsureSuccessStatusCode();
        string token;
        using (var cipher = (await browser.App.Services.GetRequiredService<VaultKeyStore>().GetAsync()).OpenCipher())
        {
            token = cipher.Token("E2E-PREF-1");
        }

        var url = await browser.App.Services.GetRequiredService<IPreferenceLinks>().CreateUrlAsync(token, CancellationToken.None);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();

        // No sign-in: the link is the credential.
        await page.GotoAsync(new Uri(url).AbsolutePath);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your contact preferences" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("on-file")).ToContainTextAsync("e***@example.com");
        await BrowserFixture.ScreenshotAsync(page, "preference-page");

        // Choose SMS by its label, then save with the keyboard.
        await page.GetByLabel("Text message (SMS)").CheckAsync();
        await page.GetByTestId("save").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("saved")).ToBeVisibleAsync();

        // Reloaded, the page shows the stored choice, and the console's preference source returns it.
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Text message (SMS)")).ToBeCheckedAsync();
        var stored = await browser.App.Services.GetRequiredService<IPreferenceSource>().GetAsync([token], CancellationToken.None);
        Assert.Equal(Channel.Sms, stored[token].PreferredChannel);

        await context.CloseAsync();
    }
}
