using BreachConsole.Auth;
using BreachConsole.Core.Campaigns;
using BreachConsole.Core.Common;

namespace BreachConsole.Api;

internal static class CampaignEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void MapCampaignEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/incidents/{id:guid}/campaigns", async (Guid id, CreateCampaign body, HttpContext http, CampaignService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(http.User.ToActor(), id, body, ct);
            return TypedResults.Created($"/api/v1/campaigns/{created.Id}", created);
        }).RequireAuthorization(Policies.Operations).WithTags("Campaigns");

        api.MapGet("/incidents/{id:guid}/campaigns", async (Guid id, HttpContext http, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.AnyRole).WithTags("Campaigns");

        var campaigns = api.MapGroup("/campaigns").WithTags("Campaigns");

        campaigns.MapGet("", async (HttpContext http, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(http.User.ToActor(), null, ct)))
            .RequireAuthorization(Policies.AnyRole);

        campaigns.MapGet("/{id:guid}", async (Guid id, HttpContext http, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(await service.GetAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.AnyRole);

        campaigns.MapPost("/{id:guid}/preflight", async (Guid id, HttpContext http, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(await service.PreflightAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.Operations);

        campaigns.MapPost("/{id:guid}/submit", async (Guid id, HttpContext http, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(await service.SubmitAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.Operations);

        campaigns.MapPost("/{id:guid}/approve", async (Guid id, HttpContext http, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ApproveAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.Operations);

        campaigns.MapPost("/{id:guid}/launch", async (Guid id, HttpContext http, CampaignService service, CancellationToken ct) =>
        {
            var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
            var result = await service.LaunchAsync(http.User.ToActor(), id, key, ct);
            return Results.Text(result.Body, "application/json", System.Text.Encoding.UTF8, result.Status);
        }).RequireAuthorization(Policies.Operations);

        campaigns.MapPost("/{id:guid}/pause", async (Guid id, HttpContext http, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(await service.PauseAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.Operations);

        campaigns.MapPost("/{id:guid}/resume", async (Guid id, HttpContext http, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ResumeAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.Operations);

        campaigns.MapPost("/{id:guid}/cancel", async (Guid id, HttpContext http, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(await service.CancelAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.Operations);

        campaigns.MapGet("/{id:guid}/progress", async (Guid id, HttpContext http, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ProgressAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.AnyRole);

        campaigns.MapGet("/{id:guid}/progress/history", async (Guid id, HttpContext http, CampaignService service, CancellationToken ct) =>
            TypedResults.Ok(await service.DeliveryHistoryAsync(http.User.ToActor(), id, ct)))
            .RequireAuthorization(Policies.AnyRole);

        campaigns.MapGet("/{id:guid}/exceptions", async (Guid id, string? format, HttpContext http, CampaignExceptionsReport report, CancellationToken ct) =>
        {
            if (format is not (null or "" or "csv"))
            {
                throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("format", "format must be csv.")]);
            }

            // Written to a private scratch file first, so a refusal is still a problem-details answer.
            var buffer = TempFiles.CreateDeleteOnClose("campaign-exceptions");
            await report.WriteCsvAsync(http.User.ToActor(), id, buffer, ct);
            buffer.Position = 0;
            return TypedResults.Stream(buffer, CampaignExceptionsReport.ContentType, CampaignExceptionsReport.FileName(id));
        }).RequireAuthorization(Policies.OperationsOrAuditor);
    }
}
