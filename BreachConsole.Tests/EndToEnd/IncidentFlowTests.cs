using System.Text.Json;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BreachConsole.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class IncidentFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task CreateIncident_OperatorThroughDialog_AppearsInListAndLegalCannotCreate()
    {
        var title = $"Exposed backup bucket {Guid.NewGuid():N}"[..32];

        // ops.carol opens an incident through the dialog and sees it in the list.
        var carol = await browser.SignInAsync(DemoUsers.OpsCarol);
        await Expect(carol.GetByTestId("signed-in-user")).ToContainTextAsync("ops.carol");
        await BrowserFixture.GotoInteractiveAsync(carol, "/incidents");
        await carol.GetByTestId("create-incident").ClickAsync();
        var dialog = carol.Locator(".mud-dialog");
        await dialog.Locator("[data-testid='incident-title'] input, input[data-testid='incident-title']").FillAsync(title);
        await dialog.GetByText("US-CA", new() { Exact = true }).ClickAsync();
        await dialog.GetByText("EU", new() { Exact = true }).ClickAsync();
        await dialog.GetByText("Email address", new() { Exact = true }).ClickAsync();
        await dialog.GetByTestId("incident-save").ClickAsync();
        await Expect(carol.Locator(".mud-dialog")).ToHaveCountAsync(0);

        // She lands on the new incident, and it is in the list.
        await carol.WaitForURLAsync("**/incidents/*-*");
        await Expect(carol.GetByTestId("incident-title")).ToHaveTextAsync(title);
        await BrowserFixture.GotoInteractiveAsync(carol, "/incidents");
        await Expect(carol.GetByTestId("incident-grid").GetByText(title)).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(carol, "incidents-list");

        // It is really stored: the API lists it with the chosen jurisdictions.
        var stored = await carol.Context.APIRequest.GetAsync("/api/v1/incidents?pageSize=500",
            new() { Headers = new Dictionary<string, string> { ["X-Dev-User"] = DemoUsers.OpsCarol } });
        Assert.Contains(title, await stored.TextAsync(), StringComparison.Ordinal);

        // legal.alice sees the list but no create button, and the API refuses her.
        var alice = await browser.SignInAsync(DemoUsers.LegalAlice);
        await BrowserFixture.GotoInteractiveAsync(alice, "/incidents");
        await Expect(alice.GetByTestId("incident-grid").GetByText(title)).ToBeVisibleAsync();
        await Expect(alice.GetByTestId("create-incident")).ToHaveCountAsync(0);

        var body = JsonSerializer.Serialize(ApiJson.ValidIncident());
        var asAlice = await alice.Context.APIRequest.PostAsync("/api/v1/incidents", new()
        {
            Headers = new Dictionary<string, string> { ["X-Dev-User"] = DemoUsers.LegalAlice, ["Content-Type"] = "application/json" },
            Data = body,
        });
        Assert.Equal(403, asAlice.Status);

        // Her browser cookie alone opens no API door.
        var cookieOnly = await alice.Context.APIRequest.PostAsync("/api/v1/incidents", new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
            Data = body,
        });
        Assert.Equal(401, cookieOnly.Status);
        await alice.Context.CloseAsync();
        await carol.Context.CloseAsync();
    }

    [Fact]
    public async Task SignOut_SignedInUser_ReturnsToSignInPage()
    {
        var page = await browser.SignInAsync(DemoUsers.AuditorErin);

        await page.GetByTestId("sign-out").ClickAsync();

        await page.WaitForURLAsync("**/account/login**");
        await page.GotoAsync("/incidents");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
