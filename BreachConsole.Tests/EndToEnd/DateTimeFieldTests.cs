using System.Text.Json;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BreachConsole.Tests.EndToEnd;

/// <summary>Date-time fields take what a person types with the keyboard (issue: every typed value was rejected).</summary>
[Collection(BrowserCollection.Name)]
public sealed class DateTimeFieldTests(BrowserFixture browser)
{
    [Fact]
    public async Task CreateIncident_TypedAwareAt_StoredAsTyped()
    {
        var title = $"Typed clock {Guid.NewGuid():N}"[..24];
        var carol = await browser.SignInAsync(DemoUsers.OpsCarol);
        await BrowserFixture.GotoInteractiveAsync(carol, "/incidents");
        await carol.GetByTestId("create-incident").ClickAsync();
        var dialog = carol.Locator(".mud-dialog");
        // MudDialog moves focus into itself once it has rendered; typing before that (a slow server) can be cut short.
        await carol.WaitForFunctionAsync("() => document.activeElement?.closest('.mud-dialog') != null");
        var titleField = dialog.Locator("[data-testid='incident-title'] input, input[data-testid='incident-title']");
        await titleField.FillAsync(title);
        await Expect(titleField).ToHaveValueAsync(title);

        // Type the way a person does, as Chromium shows the field (en-US: mm/dd/yyyy, hh:mm AM): digits, Tab from the year to the time.
        await TypeDateTimeAsync(dialog.Locator("[data-testid='incident-aware-at'] input, input[data-testid='incident-aware-at']"), "11302025", "0915PM");
        await Expect(dialog).Not.ToContainTextAsync("Not a valid");

        // The notice facts: what happened, and when the breach began (typed the same way).
        await dialog.Locator("[data-testid='incident-description'] textarea, textarea[data-testid='incident-description']")
            .FillAsync("An outside party read our order database.");
        await TypeDateTimeAsync(dialog.Locator("[data-testid='incident-breach-start'] input, input[data-testid='incident-breach-start']"), "11202025", "0800AM");

        await dialog.GetByText("EU", new() { Exact = true }).ClickAsync();
        await dialog.GetByText("Email address", new() { Exact = true }).ClickAsync();
        await dialog.GetByTestId("incident-save").ClickAsync();
        await Expect(carol.Locator(".mud-dialog")).ToHaveCountAsync(0);

        var list = await carol.Context.APIRequest.GetAsync("/api/v1/incidents?pageSize=500",
            new() { Headers = new Dictionary<string, string> { ["X-Dev-User"] = DemoUsers.OpsCarol } });
        using var listJson = JsonDocument.Parse(await list.TextAsync());
        var titles = listJson.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ToList();
        Assert.True(titles.Contains(title), $"'{title}' is not among the incidents: {string.Join(" | ", titles.Take(10))}");
        var id = listJson.RootElement.GetProperty("items").EnumerateArray()
            .First(i => i.GetProperty("title").GetString() == title).GetProperty("id").GetGuid();
        var detail = await carol.Context.APIRequest.GetAsync($"/api/v1/incidents/{id}",
            new() { Headers = new Dictionary<string, string> { ["X-Dev-User"] = DemoUsers.OpsCarol } });
        using var detailJson = JsonDocument.Parse(await detail.TextAsync());
        Assert.Equal(new DateTimeOffset(2025, 11, 30, 21, 15, 0, TimeSpan.Zero), detailJson.RootElement.GetProperty("awareAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 11, 20, 8, 0, 0, TimeSpan.Zero), detailJson.RootElement.GetProperty("breachStart").GetDateTimeOffset());
        Assert.Equal("An outside party read our order database.", detailJson.RootElement.GetProperty("description").GetString());
        await carol.Context.CloseAsync();
    }

    [Fact]
    public async Task AuditLog_TypedFromAndTo_FiltersByDate()
    {
        var erin = await browser.SignInAsync(DemoUsers.AuditorErin);
        await BrowserFixture.GotoInteractiveAsync(erin, "/audit");

        // A window in the past holds no entry of this fresh database: typing it must filter the grid to nothing.
        await TypeDateTimeAsync(erin.Locator("[data-testid='audit-filter-from'] input, input[data-testid='audit-filter-from']"), "01012020", "1200AM");
        await TypeDateTimeAsync(erin.Locator("[data-testid='audit-filter-to'] input, input[data-testid='audit-filter-to']"), "01022020", "1200AM");
        await Expect(erin.Locator("body")).Not.ToContainTextAsync("Not a valid");
        await erin.GetByTestId("audit-apply").ClickAsync();
        await Expect(erin.GetByTestId("audit-grid").Locator("tbody tr.mud-table-row")).ToHaveCountAsync(0);
        await erin.Context.CloseAsync();
    }

    /// <summary>Types into a date-time field the way a person does: the date's digits, Tab from the year to the time, the time, Tab out.</summary>
    private static async Task TypeDateTimeAsync(ILocator field, string date, string time)
    {
        await field.FocusAsync();
        await field.Page.Keyboard.TypeAsync(date);
        await field.Page.Keyboard.PressAsync("Tab");
        await field.Page.Keyboard.TypeAsync(time);
        await field.Page.Keyboard.PressAsync("Tab");
    }
}
