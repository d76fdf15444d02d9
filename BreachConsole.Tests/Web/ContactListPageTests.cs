using Bunit;
using BreachConsole.Components.Pages.Contacts;
using BreachConsole.Core.Contacts;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace BreachConsole.Tests.Web;

public sealed class ContactListPageTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task ContactList_Auditor_ShowsMaskedRowsOnly()
    {
        var ops = factory.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        await ContactsApi.PostCsvAsync(ops, incident,
            $"{ContactsApi.Header}\n{ContactsApi.Row("PAGE-1", first: "Pagefirstname", last: "Pagelastname", email: "pageperson@example.com", phone: "(202) 555-0177")}\n");

        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<ContactDirectory>());
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<BreachConsole.Core.Audit.AuditTrail>());
        ctx.Services.AddScoped<BreachConsole.Components.Shared.UiRefusals>();
        ctx.AddAuthorization().SetAuthorized("auditor.erin").SetRoles("Auditor").SetPolicies(Auth.Policies.OperationsOrAuditor);
        ctx.Render<MudPopoverProvider>();

        var page = ctx.Render<ContactList>(p => p.Add(x => x.Id, incident));

        page.WaitForAssertion(() => Assert.Contains("+1 *** *** 0177", page.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains("p***@example.com", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Pagefirstname", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("pageperson", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("5550177", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=import-contacts]"));
    }
}
