using BreachConsole.Auth;
using BreachConsole.Core.Templates;

namespace BreachConsole.Api;

/// <summary>
/// Notice templates (contract.md). <c>{id}</c> is always the template's id — the (name, channel, locale) series — never a
/// version's: edits add a version to it, submit/approve/reject act on its latest version (an optional <c>version</c> in the
/// body pins which one the reviewer read), and a single version is read at <c>{id}/versions/{version}</c>.
/// </summary>
internal static class TemplateEndpoints
{
    public static void MapTemplateEndpoints(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/templates").WithTags("Templates");

        templates.MapPost("", async (CreateTemplate body, HttpContext http, TemplateService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(http.User.ToActor(), body, ct);
            return TypedResults.Created($"/api/v1/templates/{created.Id}", created);
        }).RequireAuthorization(Policies.Legal);

        templates.MapGet("", async (HttpContext http, TemplateService service, CancellationToken ct) =>
            TypedResults.Ok(new { items = await service.ListAsync(http.User.ToActor(), ct) }))
            .RequireAuthorization(Policies.AnyRole);

        templates.MapGet("/{id:guid}", async (Guid id, HttpContext http, TemplateService service, CancellationToken ct) =>
            TypedResults.Ok(await service.GetAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.AnyRole);

        templates.MapGet("/{id:guid}/versions/{version:int}", async (Guid id, int version, HttpContext http, TemplateService service, CancellationToken ct) =>
            TypedResults.Ok(await service.GetVersionAsync(http.User.ToActor(), id, version, ct)))
            .RequireAuthorization(Policies.AnyRole);

        templates.MapPut("/{id:guid}", async (Guid id, EditTemplate body, HttpContext http, TemplateService service, CancellationToken ct) =>
            TypedResults.Ok(await service.EditAsync(http.User.ToActor(), id, body, ct)))
            .RequireAuthorization(Policies.Legal);

        templates.MapPost("/{id:guid}/submit", async (Guid id, HttpContext http, TemplateService service, CancellationToken ct) =>
            TypedResults.Ok(await service.SubmitAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.Legal);

        templates.MapPost("/{id:guid}/approve", async (Guid id, ReviewTemplate? body, HttpContext http, TemplateService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ApproveAsync(http.User.ToActor(), id, body ?? new ReviewTemplate(), ct)))
            .RequireAuthorization(Policies.Legal);

        templates.MapPost("/{id:guid}/reject", async (Guid id, ReviewTemplate? body, HttpContext http, TemplateService service, CancellationToken ct) =>
            TypedResults.Ok(await service.RejectAsync(http.User.ToActor(), id, body ?? new ReviewTemplate(), ct)))
            .RequireAuthorization(Policies.Legal);

        // The author's (or submitter's) way back from review; rejecting is the reviewer's.
        templates.MapPost("/{id:guid}/withdraw", async (Guid id, ReviewTemplate? body, HttpContext http, TemplateService service, CancellationToken ct) =>
            TypedResults.Ok(await service.WithdrawAsync(http.User.ToActor(), id, body ?? new ReviewTemplate(), ct)))
            .RequireAuthorization(Policies.Legal);

        templates.MapPost("/{id:guid}/preview", async (Guid id, PreviewTemplate? body, HttpContext http, TemplateService service, CancellationToken ct) =>
        {
            var check = await service.PreviewAsync(http.User.ToActor(), id, body ?? new PreviewTemplate(), ct);
            return TypedResults.Ok(new
            {
                subject = check.Preview.Subject,
                body = check.Preview.Body,
                encoding = check.Preview.Encoding,
                segments = check.Preview.Segments,
                units = check.Preview.Units,
                lint = check.AllFindings,
            });
        }).RequireAuthorization(Policies.LegalOrOperations);
    }
}
