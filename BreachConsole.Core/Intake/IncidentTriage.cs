using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Intake;

/// <summary>Confirm a triaged incident: the operator sets what the tool could not know.</summary>
public sealed record ConfirmIncident(IReadOnlyList<string>? Jurisdictions, IReadOnlyList<string>? DataElements);

public sealed record TriageItem(Guid Id, string Title, string? ExternalRef, DateTimeOffset AwareAt, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>A delivery as the webhook page lists it: no body, no headers.</summary>
public sealed record DeliveryView(DateTimeOffset ReceivedAt, WebhookSource Source, string? EventType, WebhookOutcome Outcome, string? ExternalRef,
    Guid? IncidentId);

/// <summary>
/// The Operations side of intake: the Triage queue (incidents webhooks raised), confirming one (jurisdictions and data
/// elements → <see cref="IncidentState.Open"/>) or dismissing it, and the recent deliveries.
/// </summary>
public sealed class IncidentTriage(IDbContextFactory<BreachConsoleDbContext> contexts, TimeProvider time)
{
    public const int RecentDeliveries = 50;

    public async Task<IReadOnlyList<TriageItem>> QueueAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Incidents.AsNoTracking().Where(i => i.State == IncidentState.Triage).OrderByDescending(i => i.CreatedAt).Take(200)
            .Select(i => new TriageItem(i.Id, i.Title, i.ExternalRef, i.AwareAt, i.CreatedAt, i.CreatedBy))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeliveryView>> DeliveriesAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.AsNoTracking().OrderByDescending(d => d.Id).Take(RecentDeliveries)
            .Select(d => new DeliveryView(d.ReceivedAt, d.Source, d.EventType, d.Outcome, d.ExternalRef, d.IncidentId))
            .ToListAsync(cancellationToken);
    }

    public async Task ConfirmAsync(Actor actor, Guid id, ConfirmIncident command, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        var errors = new List<FluentValidation.Results.ValidationFailure>();
        if (command.Jurisdictions is not { Count: > 0 } || command.Jurisdictions.Any(j => !Jurisdictions.IsKnown(j)))
        {
            errors.Add(new("jurisdictions", $"At least one jurisdiction, each one of: {string.Join(", ", Jurisdictions.All)}."));
        }

        if (command.DataElements is not { Count: > 0 } || command.DataElements.Any(d => !DataElements.IsKnown(d)))
        {
            errors.Add(new("dataElements", $"At least one data element, each one of: {string.Join(", ", DataElements.All)}."));
        }

        if (errors.Count > 0)
        {
            throw new FluentValidation.ValidationException(errors);
        }

        await ChangeAsync(actor, id, IncidentState.Open, incident =>
        {
            incident.Jurisdictions = [.. command.Jurisdictions!.Distinct(StringComparer.Ordinal)];
            incident.DataElements = [.. command.DataElements!.Distinct(StringComparer.Ordinal)];
        }, cancellationToken);
    }

    public Task DismissAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        return ChangeAsync(actor, id, IncidentState.Dismissed, _ => { }, cancellationToken);
    }

    private async Task ChangeAsync(Actor actor, Guid id, IncidentState to, Action<Incident> apply, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken) ?? throw new NotFoundException("Incident", id);
        if (incident.State != IncidentState.Triage)
        {
            throw new ConflictException($"Incident '{id}' is {incident.State}; only an incident in Triage can be confirmed or dismissed.");
        }

        apply(incident);
        incident.State = to;
        incident.UpdatedAt = time.GetUtcNow();
        db.AddAudit(actor, AuditActions.IncidentUpdated, IncidentService.IncidentTarget(id), new Dictionary<string, string>
        {
            ["state"] = to.ToString(),
            ["from"] = nameof(IncidentState.Triage),
            ["jurisdictions"] = string.Join(",", incident.Jurisdictions),
            ["dataElements"] = string.Join(",", incident.DataElements),
        }, roles: Roles.Operations);
        await db.SaveChangesAsync(cancellationToken);
    }
}
