using BreachConsole.Tests.Campaigns;
using BreachConsole.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace BreachConsole.Tests.EndToEnd;

/// <summary>
/// The heart of the product in Chromium: ops.carol prepares and submits a campaign, ops.dave approves and launches it,
/// and the page follows delivery through the embedded sandbox to Completed without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CampaignEndToEndTests(BrowserFixture browser)
{
    [Fact]
    public async Task Campaign_CarolSubmitsDaveApprovesAndLaunches_ProgressReachesCompletedLive()
    {
        await CampaignRig.SeedTemplatesAsync(browser.App);
        var api = browser.Api(DemoUsers.OpsCarol);
        var incident = await CampaignRig.IncidentWithContactsAsync(api,
            CampaignRig.Row("E2E-1"), CampaignRig.Row("E2E-2", channel: "Email"), CampaignRig.Row("E2E-3", language: "es-PR"),
            CampaignRig.Row("E2E-4", service: true), CampaignRig.Row("E2E-5", marketing: true));

        var carol = await browser.SignInAsync(DemoUsers.OpsCarol);
        await BrowserFixture.GotoInteractiveAsync(carol, $"/incidents/{incident}");
        await carol.GetByTestId("campaign-new").ClickAsync();
        var dialog = carol.Locator(".mud-dialog");
        await dialog.Locator("[data-testid='campaign-name-input'] input, input[data-testid='campaign-name-input']").FillAsync("Browser wave");
        await dialog.GetByTestId("campaign-create").ClickAsync();
        await carol.WaitForURLAsync("**/campaigns/*");
        await BrowserFixture.WaitInteractiveAsync(carol);
        var campaignUrl = new Uri(carol.Url).AbsolutePath;
        await carol.GetByTestId("campaign-preflight").ClickAsync();
        await Expect(carol.GetByTestId("preflight-audience")).ToHaveTextAsync("4");
        await Expect(carol.GetByTestId("preflight-suppressed")).ToHaveTextAsync("1");
        await carol.GetByTestId("campaign-submit").ClickAsync();
        await Expect(carol.GetByTestId("campaign-state")).ToContainTextAsync("Awaiting approval");
        await Expect(carol.GetByTestId("campaign-approve")).ToHaveCountAsync(0);

        var dave = await browser.SignInAsync(DemoUsers.OpsDave);
        await BrowserFixture.GotoInteractiveAsync(dave, campaignUrl);
        await dave.GetByTestId("campaign-approve").ClickAsync();
        await Expect(dave.GetByTestId("campaign-state")).ToContainTextAsync("Approved");
        await dave.GetByTestId("campaign-launch").ClickAsync();
        await Expect(dave.GetByTestId("launch-summary")).ToContainTextAsync("4 customers");
        await dave.GetByTestId("launch-confirm").ClickAsync();

        // No reload from here: the page follows the pushes.
        await Expect(dave.GetByTestId("campaign-state")).ToContainTextAsync("Completed", new() { Timeout = 90_000 });
        await Expect(dave.GetByTestId("progress-delivered")).ToHaveTextAsync("4");
        await Expect(dave.GetByTestId("progress-bar")).ToHaveAttributeAsync("data-delivered", "4");
        await BrowserFixture.ScreenshotAsync(dave, "campaign-completed");

        // A page opened afterwards draws the whole curve from the recorded history, not only what it saw itself.
        await BrowserFixture.GotoInteractiveAsync(carol, campaignUrl);
        await Expect(carol.GetByTestId("delivery-chart")).ToHaveAttributeAsync("data-last", "4");
        await Expect(carol.GetByTestId("delivery-chart")).Not.ToHaveAttributeAsync("data-points", "1");
    }
}
