using Bunit;
using BreachConsole.Components.Pages.Contacts;
using BreachConsole.Core.Contacts;
using BreachConsole.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace BreachConsole.Tests.Web;

public sealed class ImportContactsPageTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Upload_GoodAndBadRows_ShowsSummaryAndRowErrorsWithoutValues()
    {
        var incident = await ContactsApi.CreateIncidentAsync(factory.Api(DemoUsers.OpsCarol));
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<ContactImportService>());
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<BreachConsole.Core.Audit.AuditTrail>());
        ctx.Services.AddScoped<BreachConsole.Components.Shared.UiRefusals>();
        ctx.AddAuthorization().SetAuthorized("ops.carol").SetRoles("Operations").SetPolicies(Auth.Policies.Operations);
        ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<ImportContacts>(p => p.Add(x => x.Id, incident));

        var csv = $"{ContactsApi.Header}\n{ContactsApi.Row("UP-1")}\nUP-2,Uploadsecretname,Doe,not-an-email,1,US,en,Email\n{ContactsApi.Row("UP-1", first: "Secondsecretname")}\n";
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, "contacts.csv"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=import-summary]")), TimeSpan.FromSeconds(10));
        Assert.Contains("Accepted 1", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Rejected 1", page.Markup, StringComparison.Ordinal);
        var errors = page.Find("[data-testid=import-errors]").TextContent;
        Assert.Contains("email", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Uploadsecretname", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("not-an-email", page.Markup, StringComparison.Ordinal);
        // Row 4 repeats row 2's customer: named by row, never by the customer id.
        Assert.Contains("Duplicates 1", page.Markup, StringComparison.Ordinal);
        Assert.Equal("row 2", page.Find("[data-testid=import-duplicates] [data-testid=duplicate-of]").TextContent);
        Assert.DoesNotContain("UP-1", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Secondsecretname", page.Markup, StringComparison.Ordinal);
    }
}
