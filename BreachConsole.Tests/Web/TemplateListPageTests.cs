using Bunit;
using BreachConsole.Components.Pages.Templates;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace BreachConsole.Tests.Web;

/// <summary>The templates page explains the locale fallback and names the locales no approved template serves (issue 13).</summary>
public sealed class TemplateListPageTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task TemplateList_OpenIncidentWithUnservedLocale_NamesItWithCountsAndTheTemplatesThatWouldServeIt()
    {
        var ops = factory.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);
        (await ContactsApi.PostCsvAsync(ops, incident,
            $"{ContactsApi.Header}\n{ContactsApi.Row("L-1", language: "nl-BE", channel: "Email")}\n{ContactsApi.Row("L-2", language: "nl-BE", channel: "Email")}\n"))
            .EnsureSuccessStatusCode();
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<TemplateService>());
        ctx.AddAuthorization().SetAuthorized("legal.alice").SetRoles("Legal").SetPolicies(Auth.Policies.AnyRole, Auth.Policies.Legal);
        ctx.Render<MudPopoverProvider>();

        var page = ctx.Render<TemplateList>();

        page.WaitForElement("[data-testid=locale-gap][data-locale=nl-BE][data-channel=Email]", TimeSpan.FromSeconds(10));
        var gap = page.Find("[data-testid=locale-gap][data-locale=nl-BE][data-channel=Email]").TextContent;
        Assert.Contains("2 contacts in 1 incident", gap, StringComparison.Ordinal);
        Assert.Contains("nl-BE or nl", gap, StringComparison.Ordinal);
        Assert.Contains("es-MX", page.Find("[data-testid=locale-fallback-help]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("L-1", page.Markup, StringComparison.Ordinal);
    }
}
