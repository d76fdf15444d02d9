using BreachConsole.Auth;
using BreachConsole.Core.Common;
using BreachConsole.Core.Contacts;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Preferences;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace BreachConsole.Api;

internal static class ContactEndpoints
{
    public static void MapContactEndpoints(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents").WithTags("Contacts");

        incidents.MapPost("/{id:guid}/contacts", async (Guid id, HttpContext http, ContactImportService service, CancellationToken ct) =>
        {
            if (!IsCsv(http.Request.ContentType))
            {
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type",
                    detail: "Send the contact file as text/csv.");
            }

            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = ContactImportService.MaxImportBytes;
            }

            return Results.Ok(await service.ImportAsync(http.User.ToActor(), id, http.Request.Body, progress: null, ct));
        }).RequireAuthorization(Policies.Operations).Accepts<string>("text/csv").DisableAntiforgery();

        incidents.MapGet("/{id:guid}/contacts", async (Guid id, string? country, string? locale, Channel? channel, int? page, int? pageSize,
            HttpContext http, ContactDirectory directory, CancellationToken ct) =>
        {
            var query = new ContactQuery(id, country, locale, channel, page ?? 1, pageSize ?? PageRequest.DefaultPageSize);
            return TypedResults.Ok(await directory.ListAsync(http.User.ToActor(), query, ct));
        }).RequireAuthorization(Policies.OperationsOrAuditor);

        // Find one contact by the customer's id: tokenized and matched, never stored or logged; the id is in the body, not the URL.
        incidents.MapPost("/{id:guid}/contacts/find", async (Guid id, FindContact body, HttpContext http, ContactDirectory directory,
            CancellationToken ct) =>
            await directory.FindByCustomerIdAsync(http.User.ToActor(), id, body.CustomerId ?? "", ct) is { } found
                ? Results.Ok(found)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
                    detail: "No contact of this incident has that customer id."))
            .RequireAuthorization(Policies.OperationsOrAuditor);

        // The customer id travels in the body only: URLs end up in access logs and browser history.
        api.MapPut("/preferences", async (SetPreference body, HttpContext http, PreferenceService service, CancellationToken ct) =>
            TypedResults.Ok(await service.SetAsync(http.User.ToActor(), body, ct)))
            .WithTags("Preferences").RequireAuthorization(Policies.Operations);
    }

    private static bool IsCsv(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("application/csv", StringComparison.OrdinalIgnoreCase));
}
