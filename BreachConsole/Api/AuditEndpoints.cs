using BreachConsole.Auth;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Evidence;
using Microsoft.AspNetCore.Mvc;

namespace BreachConsole.Api;

internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Policies.Auditor);

        audit.MapGet("", async ([AsParameters] AuditFilter filter, HttpContext http, AuditTrail trail, CancellationToken ct) =>
            TypedResults.Ok(await trail.QueryAsync(http.User.ToActor(), filter.ToQuery(), ct)));

        audit.MapGet("/verify", async (HttpContext http, AuditTrail trail, CancellationToken ct) =>
        {
            var result = await trail.VerifyAsync(http.User.ToActor(), ct);
            return TypedResults.Ok(new { result.Valid, result.Entries, result.FirstInvalidSequence, result.Problem, result.Head });
        });

        audit.MapGet("/export", async ([AsParameters] AuditFilter filter, string? format, HttpContext http, AuditTrail trail, CancellationToken ct) =>
        {
            var exportFormat = AuditExportFormats.Parse(format);
            var actor = http.User.ToActor();
            // Validate and record before the first byte, so a refusal is still a problem-details response.
            var buffer = TempFiles.CreateDeleteOnClose("audit-export");
            await trail.ExportAsync(actor, filter.ToQuery(), exportFormat, buffer, ct);
            buffer.Position = 0;
            return TypedResults.Stream(buffer, exportFormat.ContentType(), exportFormat.FileName());
        });

        api.MapGet("/incidents/{id:guid}/evidence", async (Guid id, HttpContext http, EvidencePackService evidence, CancellationToken ct) =>
            TypedResults.Stream(await evidence.BuildAsync(http.User.ToActor(), id, ct), "application/zip", EvidencePackService.FileName(id)))
            .RequireAuthorization(Policies.OperationsOrAuditor)
            .WithTags("Audit");
    }

    /// <summary>The query string of the audit endpoints (contract.md, plus target and outcome).</summary>
    internal sealed record AuditFilter(
        [FromQuery] string? Actor,
        [FromQuery] string? Action,
        [FromQuery] string? Target,
        [FromQuery] AuditOutcome? Outcome,
        [FromQuery] DateTimeOffset? From,
        [FromQuery] DateTimeOffset? To,
        [FromQuery] int? Page,
        [FromQuery] int? PageSize)
    {
        public AuditQuery ToQuery() =>
            new(Actor, Action, Target, Outcome, From, To, Page ?? 1, PageSize ?? PageRequest.DefaultPageSize);
    }
}
