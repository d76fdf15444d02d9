using System.Net.Http.Json;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BreachConsole.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class AuditConsoleTests(BrowserFixture browser)
{
    [Fact]
    public async Task AuditLog_AuditorFiltersVerifiesAndExports()
    {
        var externalRef = $"jira:AUD-{Guid.NewGuid():N}"[..20];
        var created = await browser.Api(DemoUsers.OpsDave).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident(externalRef));
        var incidentId = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var erin = await browser.SignInAsync(DemoUsers.AuditorErin);
        await BrowserFixture.GotoInteractiveAsync(erin, "/audit");

        // Filter to the incident's creation: by action (a select) and by target.
        await erin.GetByTestId("audit-filter-action").ClickAsync();
        await erin.Locator(".mud-popover-open .mud-list-item").GetByText("incident.create", new() { Exact = true }).ClickAsync();
        await Expect(erin.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await erin.Locator("[data-testid='audit-filter-target'] input, input[data-testid='audit-filter-target']").FillAsync($"incident:{incidentId}");
        await erin.GetByTestId("audit-apply").ClickAsync();
        var grid = erin.GetByTestId("audit-grid");
        await Expect(grid.Locator("tbody tr.mud-table-row")).ToHaveCountAsync(1);
        await Expect(grid).ToContainTextAsync("ops.dave");
        await Expect(grid).Not.ToContainTextAsync("auth.sign-in");

        // Verify the chain.
        await erin.GetByTestId("audit-verify").ClickAsync();
        await Expect(erin.GetByTestId("audit-verify-result")).ToContainTextAsync("Chain valid");

        // Download the (filtered) export.
        var download = await erin.RunAndWaitForDownloadAsync(() => erin.GetByTestId("audit-export-csv").ClickAsync());
        Assert.Equal("audit.csv", download.SuggestedFilename);
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path!);
        Assert.StartsWith("sequence,at,actor,role,action,target", csv, StringComparison.Ordinal);
        Assert.Contains($"incident:{incidentId}", csv, StringComparison.Ordinal);
        Assert.Equal(2, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        await BrowserFixture.ScreenshotAsync(erin, "audit-log");
        await erin.Context.CloseAsync();
    }
}
