using BreachConsole.Auth;
using BreachConsole.Core.Common;
using BreachConsole.Core.Incidents;

namespace BreachConsole.Api;

internal static class IncidentEndpoints
{
    public static void MapIncidentEndpoints(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents").WithTags("Incidents");

        incidents.MapPost("", async (CreateIncident body, HttpContext http, IncidentService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(http.User.ToActor(), body, ct);
            return TypedResults.Created($"/api/v1/incidents/{created.Id}", created);
        }).RequireAuthorization(Policies.Operations);

        incidents.MapGet("", async (string? externalRef, int? page, int? pageSize, HttpContext http, IncidentService service, CancellationToken ct) =>
        {
            var query = new IncidentQuery(externalRef, page ?? 1, pageSize ?? PageRequest.DefaultPageSize);
            return TypedResults.Ok(await service.ListAsync(http.User.ToActor(), query, ct));
        }).RequireAuthorization(Policies.AnyRole);

        incidents.MapGet("/{id:guid}", async (Guid id, HttpContext http, IncidentService service, CancellationToken ct) =>
            TypedResults.Ok(await service.GetAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.AnyRole);

        // Additive (README "API additions"): the clock's inputs besides the start events given at creation.
        incidents.MapPut("/{id:guid}/affected", async (Guid id, SetAffectedCounts body, HttpContext http, IncidentService service, CancellationToken ct) =>
            TypedResults.Ok(await service.SetAffectedCountsAsync(http.User.ToActor(), id, body, ct)))
            .RequireAuthorization(Policies.LegalOrOperations);

        // Additive: what the notice says about the breach (incident.description, incident.breach_start/_end).
        incidents.MapPut("/{id:guid}/notice-facts", async (Guid id, SetNoticeFacts body, HttpContext http, IncidentService service, CancellationToken ct) =>
            TypedResults.Ok(await service.SetNoticeFactsAsync(http.User.ToActor(), id, body, ct)))
            .RequireAuthorization(Policies.LegalOrOperations);

        incidents.MapPost("/{id:guid}/delays", async (Guid id, RecordIncidentDelay body, HttpContext http, IncidentService service, CancellationToken ct) =>
            TypedResults.Ok(await service.RecordDelayAsync(http.User.ToActor(), id, body, ct)))
            .RequireAuthorization(Policies.LegalOrOperations);

        incidents.MapPost("/{id:guid}/deadlines/delay-reason", async (Guid id, RecordDelayReason body, HttpContext http, IncidentService service, CancellationToken ct) =>
            TypedResults.Ok(await service.RecordDelayReasonAsync(http.User.ToActor(), id, body, ct)))
            .RequireAuthorization(Policies.LegalOrOperations);
    }
}
