using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Intake;

/// <summary>What intake made of a delivery; the host maps it to 202, 400, 401 or 413.</summary>
public sealed record WebhookResult(WebhookOutcome Outcome, Guid? IncidentId = null, string? ExternalRef = null, bool Created = false);

/// <summary>
/// Incidents raised in PagerDuty or Jira arrive here, after the host has bounded the body (1 MB). A verified event
/// creates or updates an incident in <see cref="IncidentState.Triage"/> (title and times only, never people), keyed by
/// <c>pagerduty:&lt;incident id&gt;</c> or <c>jira:&lt;issue key&gt;</c>. It never creates or launches a campaign: an
/// operator confirms the incident first. An event id seen before changes nothing.
/// </summary>
public sealed partial class WebhookIntake(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookIntake> logger)
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>How long event ids are remembered for dedupe (at least the seven days senders retry for).</summary>
    public static readonly TimeSpan DedupeWindow = TimeSpan.FromDays(30);

    /// <summary>The audit actor of a source: <c>webhook:pagerduty</c>.</summary>
    public static string ActorOf(WebhookSource source) => "webhook:" + source.ToString().ToLowerInvariant();

    public const string AuditRole = "Webhook";

    private static readonly HashSet<string> PagerDutyIncidentEvents = new(StringComparer.Ordinal)
    {
        "incident.triggered", "incident.acknowledged", "incident.unacknowledged", "incident.resolved", "incident.reopened",
        "incident.escalated", "incident.reassigned", "incident.delegated", "incident.priority_updated",
    };

    private static readonly HashSet<string> JiraIssueEvents = new(StringComparer.Ordinal) { "jira:issue_created", "jira:issue_updated" };

    public async Task<WebhookResult> RecordTooLargeAsync(WebhookSource source, CancellationToken cancellationToken)
    {
        await RecordAsync(new WebhookDelivery { Source = source, Outcome = WebhookOutcome.TooLarge, ReceivedAt = time.GetUtcNow() }, cancellationToken);
        return new WebhookResult(WebhookOutcome.TooLarge);
    }

    /// <param name="body">The raw body bytes, exactly as received (the signature covers them).</param>
    /// <param name="signature">The signature header's value.</param>
    /// <param name="deliveryId">A sender's delivery id header where the body carries no event id (Jira's <c>X-Atlassian-Webhook-Identifier</c>).</param>
    public async Task<WebhookResult> ReceiveAsync(WebhookSource source, ReadOnlyMemory<byte> body, string? signature, string? deliveryId,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.CurrentValue;
        var verified = source == WebhookSource.PagerDuty
            ? WebhookSignatures.VerifyPagerDuty(body.Span, signature, settings.PagerDuty.Secrets)
            : WebhookSignatures.VerifyJira(body.Span, signature, settings.Jira.Secret);
        if (!verified)
        {
            var reason = string.IsNullOrWhiteSpace(signature) ? "missing signature"
                : (source == WebhookSource.PagerDuty ? settings.PagerDuty.Secrets.Count == 0 : string.IsNullOrEmpty(settings.Jira.Secret))
                    ? "no secret configured" : "bad signature";
            await using var refusedDb = await contexts.CreateDbContextAsync(cancellationToken);
            refusedDb.WebhookDeliveries.Add(new WebhookDelivery { Source = source, Outcome = WebhookOutcome.Refused, ReceivedAt = now });
            refusedDb.AddAudit(new AuditRecord(ActorOf(source), AuditRole, AuditActions.WebhookRefused, ActorOf(source), AuditOutcome.Denied,
                new Dictionary<string, string> { ["reason"] = reason, ["bytes"] = body.Length.ToString(CultureInfo.InvariantCulture) }));
            await refusedDb.SaveChangesAsync(cancellationToken);
            Log.Refused(logger, source.ToString(), reason);
            return new WebhookResult(WebhookOutcome.Refused);
        }

        WebhookEvent? parsed;
        try
        {
            using var json = JsonDocument.Parse(body);
            parsed = source == WebhookSource.PagerDuty ? ParsePagerDuty(json.RootElement, now) : ParseJira(json.RootElement, deliveryId, now);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            parsed = null;
        }

        if (parsed is null)
        {
            await RecordAsync(new WebhookDelivery { Source = source, Outcome = WebhookOutcome.Malformed, ReceivedAt = now }, cancellationToken);
            return new WebhookResult(WebhookOutcome.Malformed);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.WebhookDeliveries.Where(d => d.ReceivedAt < now - DedupeWindow).ExecuteDeleteAsync(cancellationToken);
        if (await db.WebhookDeliveries.AnyAsync(d => d.Source == source && d.EventId == parsed.EventId, cancellationToken))
        {
            return await DuplicateAsync(source, parsed, now, cancellationToken);
        }

        var delivery = new WebhookDelivery
        {
            Source = source, EventId = parsed.EventId, EventType = parsed.EventType, ReceivedAt = now, ExternalRef = parsed.ExternalRef,
        };
        db.WebhookDeliveries.Add(delivery);
        if (!parsed.Known || parsed.ExternalRef is null)
        {
            delivery.Outcome = WebhookOutcome.Ignored;
            return await SaveOrDuplicateAsync(db, source, parsed, now, new WebhookResult(WebhookOutcome.Ignored), cancellationToken);
        }

        delivery.Outcome = WebhookOutcome.Accepted;
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.ExternalRef == parsed.ExternalRef, cancellationToken);
        var created = incident is null;
        if (incident is null)
        {
            incident = new Incident
            {
                Id = Guid.CreateVersion7(now),
                Title = parsed.Title,
                AwareAt = parsed.AwareAt,
                // The tool knows one time; discovery and determination default to it, as they do for an incident opened by hand.
                DiscoveredAt = parsed.AwareAt,
                DeterminedAt = parsed.AwareAt,
                ExternalRef = parsed.ExternalRef,
                State = IncidentState.Triage,
                CreatedBy = ActorOf(source),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Incidents.Add(incident);
        }
        else if (incident.State == IncidentState.Triage)
        {
            // Until an operator confirms it, the tool's view wins: its title, and the earliest time anyone knew.
            incident.Title = parsed.Title;
            if (parsed.AwareAt < incident.AwareAt)
            {
                incident.AwareAt = parsed.AwareAt;
                incident.DiscoveredAt = parsed.AwareAt;
                incident.DeterminedAt = parsed.AwareAt;
            }

            incident.UpdatedAt = now;
        }

        delivery.IncidentId = incident.Id;
        db.AddAudit(new AuditRecord(ActorOf(source), AuditRole, created ? AuditActions.IncidentCreated : AuditActions.IncidentUpdated,
            IncidentService.IncidentTarget(incident.Id), AuditOutcome.Success, new Dictionary<string, string>
            {
                ["externalRef"] = parsed.ExternalRef,
                ["eventType"] = parsed.EventType,
                ["eventId"] = parsed.EventId,
                ["state"] = incident.State.ToString(),
            }));
        var result = await SaveOrDuplicateAsync(db, source, parsed, now, new WebhookResult(WebhookOutcome.Accepted, incident.Id, parsed.ExternalRef, created),
            cancellationToken);
        if (result.Outcome == WebhookOutcome.Accepted)
        {
            Log.Accepted(logger, source.ToString(), parsed.EventType, parsed.ExternalRef, created);
        }

        return result;
    }

    private async Task<WebhookResult> SaveOrDuplicateAsync(BreachConsoleDbContext db, WebhookSource source, WebhookEvent parsed, DateTimeOffset now,
        WebhookResult result, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return result;
        }
        catch (DbUpdateException ex) when (ex.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 })
        {
            // The same event delivered twice at once: the unique (source, event id) index lets one through.
            return await DuplicateAsync(source, parsed, now, cancellationToken);
        }
    }

    private async Task<WebhookResult> DuplicateAsync(WebhookSource source, WebhookEvent parsed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await RecordAsync(new WebhookDelivery
        {
            Source = source, EventType = parsed.EventType, Outcome = WebhookOutcome.Duplicate, ReceivedAt = now, ExternalRef = parsed.ExternalRef,
        }, cancellationToken);
        return new WebhookResult(WebhookOutcome.Duplicate, ExternalRef: parsed.ExternalRef);
    }

    private async Task RecordAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed record WebhookEvent(string EventId, string EventType, bool Known, string? ExternalRef, string Title, DateTimeOffset AwareAt);

    /// <summary>PagerDuty v3: <c>{"event": {"id", "event_type", "occurred_at", "data": {"id", "type": "incident", "title", "created_at"}}}</c>.</summary>
    private static WebhookEvent? ParsePagerDuty(JsonElement root, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var e) || e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var eventId = String(e, "id");
        var eventType = String(e, "event_type");
        if (eventId is null || eventType is null)
        {
            return null;
        }

        var known = PagerDutyIncidentEvents.Contains(eventType);
        if (!known)
        {
            return new WebhookEvent(eventId, Clip(eventType, 100), false, null, "", now);
        }

        if (!e.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object || String(data, "type") != "incident"
            || String(data, "id") is not { } incidentId || !ExternalRefPattern().IsMatch(incidentId))
        {
            return null;
        }

        var awareAt = Time(data, "created_at") ?? Time(e, "occurred_at") ?? now;
        var reference = "pagerduty:" + incidentId;
        return new WebhookEvent(eventId, eventType, true, reference, SafeTitle(String(data, "title"), $"PagerDuty incident {incidentId}"), Earliest(awareAt, now));
    }

    /// <summary>Jira: <c>{"timestamp", "webhookEvent", "issue": {"id", "key", "fields": {"summary", "created"}}}</c>.</summary>
    private static WebhookEvent? ParseJira(JsonElement root, string? deliveryId, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object || String(root, "webhookEvent") is not { } eventType)
        {
            return null;
        }

        var known = JiraIssueEvents.Contains(eventType);
        root.TryGetProperty("issue", out var issue);
        var key = issue.ValueKind == JsonValueKind.Object ? String(issue, "key") : null;
        var stamp = root.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.Number ? ts.GetRawText() : "";
        var eventId = !string.IsNullOrWhiteSpace(deliveryId) ? Clip(deliveryId.Trim(), 200)
            : $"{eventType}:{(issue.ValueKind == JsonValueKind.Object ? String(issue, "id") : null) ?? key ?? ""}:{stamp}";
        if (!known)
        {
            return new WebhookEvent(eventId, Clip(eventType, 100), false, null, "", now);
        }

        if (key is null || !ExternalRefPattern().IsMatch(key))
        {
            return null;
        }

        issue.TryGetProperty("fields", out var fields);
        var summary = fields.ValueKind == JsonValueKind.Object ? String(fields, "summary") : null;
        var created = fields.ValueKind == JsonValueKind.Object ? Time(fields, "created") : null;
        return new WebhookEvent(eventId, eventType, true, "jira:" + key, SafeTitle(summary, $"Jira issue {key}"), Earliest(created ?? now, now));
    }

    private static DateTimeOffset Earliest(DateTimeOffset at, DateTimeOffset now) => at > now ? now : at.ToUniversalTime();

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement element, string name)
    {
        var raw = String(element, name);
        if (raw is null)
        {
            return null;
        }

        // Jira writes offsets without a colon (+0000).
        raw = JiraOffset().Replace(raw, "$1:$2");
        return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    /// <summary>
    /// A title from the tool, minus anything that looks like a person's contact detail or a long number (an account, a
    /// card): incident titles are shown widely and land in the audit trail's neighbourhood.
    /// </summary>
    internal static string SafeTitle(string? title, string fallback)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return fallback;
        }

        var cleaned = Email().Replace(title, "[redacted]");
        cleaned = LongNumber().Replace(cleaned, "[redacted]");
        cleaned = string.Join(' ', cleaned.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return cleaned.Length == 0 ? fallback : Clip(cleaned, CreateIncidentValidator.MaxTitleLength);
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];

    [GeneratedRegex("^[A-Za-z0-9._#-]{1,150}$")]
    private static partial Regex ExternalRefPattern();

    [GeneratedRegex(@"[^\s@]+@[^\s@]+\.[^\s@]+")]
    private static partial Regex Email();

    [GeneratedRegex(@"\+?\d[\d\s().-]{6,}\d")]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$")]
    private static partial Regex JiraOffset();
}
