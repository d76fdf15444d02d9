using BreachConsole.Sandbox;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Web;

/// <summary>The Sandbox page shows what the in-process sandbox delivered by token and masked address, never in full.</summary>
public sealed class GenesysSandboxPageTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task SandboxPage_Deliveries_ShowTokenAndMaskedAddressOnly()
    {
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<SandboxDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.Database.EnsureCreatedAsync();
            db.Deliveries.Add(new SandboxDelivery
            {
                CampaignId = "c1",
                ContactListId = "l1",
                ContactId = "k1",
                ContactKey = "tok_page_1",
                Channel = "sms",
                Address = "+15551234567",
                Outcome = DeliveryOutcome.Delivered,
                AtMs = 1_764_460_800_000,
            });
            db.Deliveries.Add(new SandboxDelivery
            {
                CampaignId = "c2",
                ContactListId = "l2",
                ContactId = "k2",
                ContactKey = "tok_page_2",
                Channel = "email",
                Address = "jane.doe@example.com",
                Outcome = DeliveryOutcome.Delivered,
                AtMs = 1_764_460_800_000,
            });
            await db.SaveChangesAsync();
        }

        var browser = await factory.BrowserAsync(DemoUsers.OpsCarol);
        var html = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync("/sandbox"));

        Assert.Contains("tok_page_1", html, StringComparison.Ordinal);
        Assert.Contains("+1 *** *** 4567", html, StringComparison.Ordinal);
        Assert.Contains("j***@example.com", html, StringComparison.Ordinal);
        Assert.DoesNotContain("5551234567", html, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", html, StringComparison.Ordinal);
    }
}
