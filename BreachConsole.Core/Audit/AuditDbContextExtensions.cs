using BreachConsole.Core.Common;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Audit;

public static class AuditDbContextExtensions
{
    /// <summary>
    /// Stages an audit entry on <paramref name="db"/>. It commits in the same SaveChanges (and so the same transaction)
    /// as the state change it describes, or not at all; the chain assigns its sequence and hashes while saving.
    /// </summary>
    public static void AddAudit(this BreachConsoleDbContext db, AuditRecord record) =>
        db.AuditEntries.Add(new AuditEntry
        {
            // A placeholder key, unique in this context and in staging order (-1, -2, ...); the chain replaces it.
            Sequence = -1 - db.ChangeTracker.Entries<AuditEntry>().LongCount(e => e.State == EntityState.Added),
            Actor = record.Actor,
            Role = record.Role,
            Action = record.Action,
            Target = record.Target,
            Outcome = record.Outcome,
            Details = AuditCanonical.Details(record.Details),
            // The request's trace id (the traceId of its problem-details answers), when the action came in over HTTP.
            CorrelationId = record.CorrelationId ?? System.Diagnostics.Activity.Current?.Id,
            PreviousHash = "",
            Hash = "",
        });

    /// <summary>Shorthand for an actor acting in one of <paramref name="roles"/>.</summary>
    public static void AddAudit(this BreachConsoleDbContext db, Actor actor, string action, string target,
        IReadOnlyDictionary<string, string>? details = null, AuditOutcome outcome = AuditOutcome.Success, params string[] roles) =>
        db.AddAudit(new AuditRecord(actor.Name, actor.RoleFor(roles), action, target, outcome, details));
}
