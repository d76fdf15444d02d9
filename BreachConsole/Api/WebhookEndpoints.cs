using System.Text.Json.Serialization;
using BreachConsole.Auth;
using BreachConsole.Core.Intake;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace BreachConsole.Api;

/// <summary>
/// <c>POST /api/v1/webhooks/{pagerduty|jira}</c>: signed by the sender, not by a user, so anonymous to ASP.NET and
/// authenticated by Core's signature check over the raw body. Also the Triage actions (confirm, dismiss) for scripts.
/// </summary>
internal static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").WithTags("Webhooks").AllowAnonymous().DisableAntiforgery();
        hooks.MapPost("/pagerduty", (HttpContext http, WebhookIntake intake, CancellationToken ct) =>
                ReceiveAsync(http, intake, WebhookSource.PagerDuty, "X-PagerDuty-Signature", null, ct))
            .WithSummary("PagerDuty v3 webhook")
            .WithDescription("Header `X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the raw body>` (several, comma-separated, during a secret rotation). 202 accepted, duplicate or ignored; 400 malformed JSON; 401 bad or missing signature; 413 over 1 MB.")
            .Accepts<PagerDutyWebhookBody>("application/json")
            .Produces<WebhookAnswer>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        hooks.MapPost("/jira", (HttpContext http, WebhookIntake intake, CancellationToken ct) =>
                ReceiveAsync(http, intake, WebhookSource.Jira, "X-Hub-Signature", "X-Atlassian-Webhook-Identifier", ct))
            .WithSummary("Jira webhook")
            .WithDescription("Header `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. 202 accepted, duplicate or ignored; 400 malformed JSON; 401 bad or missing signature; 413 over 1 MB.")
            .Accepts<JiraWebhookBody>("application/json")
            .Produces<WebhookAnswer>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        var incidents = api.MapGroup("/incidents").WithTags("Incidents");
        incidents.MapPost("/{id:guid}/confirm", async (Guid id, ConfirmIncident body, HttpContext http, IncidentTriage triage, CancellationToken ct) =>
            {
                await triage.ConfirmAsync(http.User.ToActor(), id, body, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Confirm a Triage incident (sets jurisdictions and data elements; → Open)")
            .RequireAuthorization(Policies.Operations);
        incidents.MapPost("/{id:guid}/dismiss", async (Guid id, HttpContext http, IncidentTriage triage, CancellationToken ct) =>
            {
                await triage.DismissAsync(http.User.ToActor(), id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Dismiss a Triage incident (→ Dismissed)")
            .RequireAuthorization(Policies.Operations);
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, WebhookIntake intake, WebhookSource source, string signatureHeader,
        string? deliveryHeader, CancellationToken ct)
    {
        if (http.Request.ContentLength > WebhookIntake.MaxBodyBytes)
        {
            await intake.RecordTooLargeAsync(source, ct);
            return TooLarge();
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = WebhookIntake.MaxBodyBytes + 1L;
        }

        var body = await ReadBoundedAsync(http.Request.Body, ct);
        if (body is null)
        {
            await intake.RecordTooLargeAsync(source, ct);
            return TooLarge();
        }

        var result = await intake.ReceiveAsync(source, body, http.Request.Headers[signatureHeader].ToString(),
            deliveryHeader is null ? null : http.Request.Headers[deliveryHeader].ToString(), ct);
        return result.Outcome switch
        {
            WebhookOutcome.Refused => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"Missing or invalid {signatureHeader} signature."),
            WebhookOutcome.Malformed => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                detail: "The body is not a webhook event this endpoint can read."),
            _ => TypedResults.Json(new WebhookAnswer(result.Outcome.ToString(), result.IncidentId, result.ExternalRef),
                statusCode: StatusCodes.Status202Accepted),
        };
    }

    private static IResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
        detail: $"A webhook body is at most {WebhookIntake.MaxBodyBytes} bytes.");

    /// <summary>Reads at most 1 MB; null when the body is longer (a chunked body has no Content-Length to check first).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > WebhookIntake.MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }
}

/// <summary>The 202 answer: what intake did (<c>Accepted</c>, <c>Duplicate</c>, <c>Ignored</c>) and the incident it touched.</summary>
internal sealed record WebhookAnswer(string Outcome, Guid? IncidentId, string? ExternalRef);

/// <summary>The parts of a PagerDuty v3 delivery intake reads (documentation only; the raw bytes are verified as sent).</summary>
internal sealed record PagerDutyWebhookBody([property: JsonPropertyName("event")] PagerDutyEvent Event);

internal sealed record PagerDutyEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("event_type")] string EventType,
    [property: JsonPropertyName("occurred_at")] DateTimeOffset? OccurredAt,
    [property: JsonPropertyName("data")] PagerDutyIncidentData? Data);

internal sealed record PagerDutyIncidentData(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt);

/// <summary>The parts of a Jira delivery intake reads (documentation only).</summary>
internal sealed record JiraWebhookBody(
    [property: JsonPropertyName("webhookEvent")] string WebhookEvent,
    [property: JsonPropertyName("timestamp")] long? Timestamp,
    [property: JsonPropertyName("issue")] JiraIssue? Issue);

internal sealed record JiraIssue(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("fields")] JiraIssueFields? Fields);

internal sealed record JiraIssueFields([property: JsonPropertyName("summary")] string? Summary, [property: JsonPropertyName("created")] string? Created);
