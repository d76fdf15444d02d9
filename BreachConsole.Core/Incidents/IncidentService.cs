using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Incidents;

/// <summary>Incident use cases, shared by the API and the Blazor pages.</summary>
public sealed class IncidentService(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    IValidator<CreateIncident> createValidator,
    IValidator<IncidentQuery> queryValidator,
    RegulatoryClock clock,
    TimeProvider time)
{
    public static readonly string[] ReadRoles = [Roles.Operations, Roles.Legal, Roles.Auditor];

    public async Task<IncidentDetails> CreateAsync(Actor actor, CreateIncident command, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        await createValidator.ValidateAndThrowAsync(command, cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var externalRef = string.IsNullOrWhiteSpace(command.ExternalRef) ? null : command.ExternalRef.Trim();
        if (externalRef is not null && await db.Incidents.AnyAsync(i => i.ExternalRef == externalRef, cancellationToken))
        {
            throw new ConflictException($"An incident with external reference '{externalRef}' already exists.");
        }

        var now = time.GetUtcNow();
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(now),
            Title = command.Title!.Trim(),
            AwareAt = command.AwareAt!.Value.ToUniversalTime(),
            Jurisdictions = [.. command.Jurisdictions!],
            DataElements = [.. command.DataElements!],
            ExternalRef = externalRef,
            CreatedBy = actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Incidents.Add(incident);
        db.AddAudit(actor, AuditActions.IncidentCreated, IncidentTarget(incident.Id), new Dictionary<string, string>
        {
            ["jurisdictions"] = string.Join(",", incident.Jurisdictions),
            ["dataElements"] = string.Join(",", incident.DataElements),
            ["externalRef"] = incident.ExternalRef ?? "",
        }, roles: Roles.Operations);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 })
        {
            // Two creators raced past the check above (a webhook retried, say): the unique index decides.
            throw new ConflictException($"An incident with external reference '{externalRef}' already exists.");
        }

        return ToDetails(incident);
    }

    public async Task<Page<IncidentSummary>> ListAsync(Actor actor, IncidentQuery query, CancellationToken cancellationToken = default)
    {
        actor.Require(ReadRoles);
        await queryValidator.ValidateAndThrowAsync(query, cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incidents = db.Incidents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.ExternalRef))
        {
            incidents = incidents.Where(i => i.ExternalRef == query.ExternalRef);
        }

        var total = await incidents.CountAsync(cancellationToken);
        var items = await incidents
            .OrderByDescending(i => i.CreatedAt)
            .Skip(query.Skip)
            .Take(query.PageSize)
            .Select(i => new IncidentSummary(i.Id, i.Title, i.ExternalRef, i.State, i.AwareAt, i.CreatedAt))
            .ToListAsync(cancellationToken);
        return new Page<IncidentSummary>(items, total);
    }

    public async Task<IncidentDetails> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        actor.Require(ReadRoles);
        return await LoadAsync(id, cancellationToken);
    }

    /// <summary>For Core's own readers (evidence pack, dispatch) that checked their caller already.</summary>
    internal async Task<IncidentDetails> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw new NotFoundException("Incident", id);
        return ToDetails(incident);
    }

    public static string IncidentTarget(Guid id) => $"incident:{id}";

    private IncidentDetails ToDetails(Incident i) =>
        new(i.Id, i.Title, i.AwareAt, i.Jurisdictions, i.DataElements, i.ExternalRef, i.State, i.CreatedBy, i.CreatedAt, i.UpdatedAt,
            clock.DeadlinesFor(i.Jurisdictions, i.AwareAt));
}
