using BreachConsole.Core.Contacts;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Demo;

/// <summary>
/// Fills an empty database with a walk-through: one incident now; templates and contacts join as their capabilities land.
/// Runs only when <c>Demo:Seed</c> is on and the database holds no incident.
/// </summary>
public sealed class DemoSeeder(IDbContextFactory<BreachConsoleDbContext> contexts, TimeProvider time, DemoContacts demoContacts)
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
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(now),
            Title = "Demo: payment card data exposure",
            AwareAt = now.AddHours(-6),
            Jurisdictions = ["EU", "US-CA", "US-PR"],
            DataElements = ["Name", "Email", "Phone", "CreditCard"],
            ExternalRef = DemoExternalRef,
            CreatedBy = "system",
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync(cancellationToken);
        await demoContacts.SeedAsync(incident.Id, cancellationToken);
    }
}
