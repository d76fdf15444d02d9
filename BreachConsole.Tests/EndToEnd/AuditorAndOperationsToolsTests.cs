using System.Net.Http.Json;
using BreachConsole.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace BreachConsole.Tests.EndToEnd;

/// <summary>
/// The auditor's trail from an incident (prefix filter, Enter, hiding routine entries, a "Chain valid" result that new
/// entries withdraw) and the operator's lookup of one customer by id, in Chromium.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditorAndOperationsToolsTests(BrowserFixture browser)
{
    [Fact]
    public async Task Auditor_ViewAuditTrailFromIncident_PrefixEnterHideRoutineAndStaleChainResult()
    {
        var ops = browser.Api(DemoUsers.OpsDave);
        var incident = await ContactsApi.CreateIncidentAsync(ops);

        var erin = await browser.SignInAsync(DemoUsers.AuditorErin);
        await BrowserFixture.GotoInteractiveAsync(erin, $"/incidents/{incident}");
        await erin.GetByTestId("incident-audit-trail").ClickAsync();
        await erin.WaitForURLAsync($"**/audit?target=incident:{incident}");
        var rows = erin.GetByTestId("audit-grid").Locator("tbody tr.mud-table-row");
        await Expect(rows.First).ToContainTextAsync($"incident:{incident}");
        await Expect(erin.GetByTestId("audit-grid")).ToContainTextAsync("incident.create");
        var ownRows = await rows.CountAsync();

        // A prefix: every incident's entries; Enter in the field applies it.
        var target = erin.Locator("[data-testid='audit-filter-target'] input, input[data-testid='audit-filter-target']");
        await target.FillAsync("incident:");
        await target.PressAsync("Enter");
        await Expect(erin.GetByTestId("audit-grid").Locator("tbody tr.mud-table-row").Nth(ownRows)).ToBeVisibleAsync();
        await Expect(erin.GetByTestId("audit-grid")).Not.ToContainTextAsync("auth.sign-in");

        // No target: sign-ins are there until the switch hides them (and erin's own reads).
        await target.FillAsync("");
        await target.PressAsync("Enter");
        await Expect(erin.GetByTestId("audit-grid")).ToContainTextAsync("auth.sign-in");
        await erin.Locator("[data-testid='audit-hide-routine'] input, input[data-testid='audit-hide-routine']").CheckAsync();
        await Expect(erin.GetByTestId("audit-grid")).Not.ToContainTextAsync("auth.sign-in");
        await Expect(erin.GetByTestId("audit-grid")).Not.ToContainTextAsync("audit.read");

        // "Chain valid" says when it was checked, and is withdrawn once someone else writes an entry.
        await erin.GetByTestId("audit-verify").ClickAsync();
        await Expect(erin.GetByTestId("audit-verify-result")).ToContainTextAsync("Chain valid");
        await Expect(erin.GetByTestId("audit-verify-result")).ToContainTextAsync("checked");
        await ContactsApi.CreateIncidentAsync(ops);
        await Expect(erin.GetByTestId("audit-verify-stale")).ToContainTextAsync("verify the chain again", new() { Timeout = 30_000 });
        await Expect(erin.GetByTestId("audit-verify-result")).ToHaveCountAsync(0);
        await erin.Context.CloseAsync();
    }

    [Fact]
    public async Task Operations_FindContactByCustomerId_ShowsTokenAndEmptiesTheField()
    {
        var ops = browser.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        var customerId = $"FIND-UI-{Guid.NewGuid():N}"[..20];
        (await ContactsApi.PostCsvAsync(ops, incident,
            $"{ContactsApi.Header}\n{ContactsApi.Row(customerId, language: "es-PR", channel: "Email")}\n{ContactsApi.Row("OTHER-UI")}\n")).EnsureSuccessStatusCode();
        var found = await (await ops.PostAsJsonAsync($"/api/v1/incidents/{incident}/contacts/find", new { customerId })).JsonAsync();
        var token = found.GetProperty("contactId").GetString()!;

        var carol = await browser.SignInAsync(DemoUsers.OpsCarol);
        await BrowserFixture.GotoInteractiveAsync(carol, $"/incidents/{incident}");
        await Expect(carol.GetByTestId("incident-contact-count")).ToHaveAttributeAsync("data-count", "2");
        await Expect(carol.GetByTestId("incident-contact-mix")).ToContainTextAsync("es-PR · Email: 1");

        await BrowserFixture.GotoInteractiveAsync(carol, $"/incidents/{incident}/contacts");
        var input = carol.Locator("[data-testid='contact-find-input'] input, input[data-testid='contact-find-input']");
        await input.FillAsync(customerId);
        await input.PressAsync("Enter");
        await Expect(carol.GetByTestId("contact-find-result")).ToHaveAttributeAsync("data-contact-id", token);
        await Expect(input).ToHaveValueAsync("");
        Assert.DoesNotContain(customerId, carol.Url, StringComparison.Ordinal);

        await input.FillAsync("NOBODY-HERE");
        await input.PressAsync("Enter");
        await Expect(carol.GetByTestId("contact-find-none")).ToBeVisibleAsync();
        await carol.Context.CloseAsync();
    }
}
