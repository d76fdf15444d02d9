using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Contacts;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Demo;

/// <summary>
/// Fills an empty database with a walk-through: the demo incident, its approved notice templates and 1,000 synthetic contacts.
/// Runs only when <c>Demo:Seed</c> is on and the database holds no incident.
/// </summary>
public sealed class DemoSeeder(IDbContextFactory<BreachConsoleDbContext> contexts, TimeProvider time, ContactDemoSeed contactSeed,
    Campaigns.CampaignService campaigns)
{
    public const string DemoExternalRef = "demo:card-exposure";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Incidents.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow();
        var incidentId = Guid.CreateVersion7(now);
        db.Incidents.Add(new Incident
        {
            Id = incidentId,
            Title = "Demo: payment card data exposure",
            AwareAt = now.AddHours(-6),
            DiscoveredAt = now.AddHours(-6),
            DeterminedAt = now.AddHours(-6),
            Description = "An unauthorised party used a stolen administrator password to read our online payment system's customer records. "
                + "We closed the access the same day and are working with a forensic firm.",
            BreachStart = new DateTimeOffset(now.AddDays(-9).UtcDateTime.Date, TimeSpan.Zero),
            BreachEnd = new DateTimeOffset(now.AddDays(-1).UtcDateTime.Date, TimeSpan.Zero),
            Jurisdictions = ["EU", "US-CA", "US-PR"],
            DataElements = ["Name", "Email", "Phone", "CreditCard"],
            ExternalRef = DemoExternalRef,
            CreatedBy = "system",
            CreatedAt = now,
            UpdatedAt = now,
        });
        db.AddAudit(new AuditRecord(Actor.System.Name, "System", AuditActions.IncidentCreated, IncidentService.IncidentTarget(incidentId),
            Details: new Dictionary<string, string> { ["seed"] = "demo" }));
        Templates.TemplateDemoSeed.Stage(db, now);
        await db.SaveChangesAsync(cancellationToken);

        // The contacts go through the real import, which audits itself.
        await contactSeed.SeedAsync(incidentId, cancellationToken);

        // A campaign prepared and submitted by ops.carol, so a newcomer signs in as ops.dave, approves, launches and
        // watches it deliver through the embedded sandbox. Through the real use cases, audited as carol's steps.
        var carol = new Actor(DemoCarol, [Roles.Operations]);
        var campaign = await campaigns.CreateAsync(carol, incidentId, new Campaigns.CreateCampaign(DemoCampaignName, Templates.TemplateDemoSeed.Name),
            cancellationToken);
        var preflight = await campaigns.PreflightAsync(carol, campaign.Id, cancellationToken);
        if (preflight.Ready)
        {
            await campaigns.SubmitAsync(carol, campaign.Id, cancellationToken);
        }
    }

    public const string DemoCampaignName = "Wave 1: every affected customer";
    public const string DemoCarol = "ops.carol";
}
