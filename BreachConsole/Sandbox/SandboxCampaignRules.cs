using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static BreachConsole.Sandbox.SandboxJson;

namespace BreachConsole.Sandbox;

/// <summary>
/// What Genesys requires of a campaign body (../shared/data/genesys-models.json and genesys-cloud.md): a 400 naming the
/// first missing or wrong field, as Genesys answers.
/// </summary>
internal static class SandboxCampaignRules
{
    private static readonly string[] DialingModes = ["agentless", "preview", "power", "predictive", "progressive", "external"];

    public static async Task<IResult?> CheckAsync(SandboxDbContext db, string kind, JsonNode body, List<string> columns, CancellationToken ct)
    {
        if (kind == "voice")
        {
            return CheckVoice(body, columns);
        }

        if (CheckMessaging(body, columns) is { } problem)
        {
            return problem;
        }

        // An email campaign's content is a response-management response of type CampaignEmailTemplate.
        if (RefId(Obj(body, "emailConfig"), "contentTemplate") is { } templateId
            && !await db.Responses.AnyAsync(r => r.Id == templateId && r.ResponseType == "CampaignEmailTemplate", ct))
        {
            return Error(400, "invalid.content.template",
                $"The field 'emailConfig.contentTemplate' names '{templateId}', which is not a CampaignEmailTemplate response.", "emailConfig.contentTemplate");
        }

        return null;
    }

    private static IResult? CheckMessaging(JsonNode body, List<string> columns)
    {
        if (body["messagesPerMinute"] is not JsonValue mpm || !mpm.TryGetValue<int>(out var perMinute))
        {
            return Missing("messagesPerMinute");
        }

        if (perMinute <= 0)
        {
            return Error(400, "bad.request", "The field 'messagesPerMinute' must be positive.", "messagesPerMinute");
        }

        var sms = Obj(body, "smsConfig");
        var email = Obj(body, "emailConfig");
        if (sms is null && email is null)
        {
            return Missing("smsConfig");
        }

        if (sms is not null)
        {
            foreach (var field in new[] { "messageColumn", "phoneColumn" })
            {
                if (Str(sms, field) is not { } column)
                {
                    return Missing($"smsConfig.{field}");
                }

                if (!columns.Contains(column))
                {
                    return UnknownColumn($"smsConfig.{field}", column);
                }
            }

            if (Str(Obj(sms, "senderSmsPhoneNumber"), "phoneNumber") is null)
            {
                return Missing("smsConfig.senderSmsPhoneNumber.phoneNumber");
            }
        }

        return email is null ? null : CheckEmail(email, columns);
    }

    private static IResult? CheckEmail(JsonObject email, List<string> columns)
    {
        var emailColumns = Arr(email, "emailColumns");
        if (emailColumns is null || emailColumns.Count == 0)
        {
            return Missing("emailConfig.emailColumns");
        }

        for (var i = 0; i < emailColumns.Count; i++)
        {
            var column = emailColumns[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
            if (!columns.Contains(column))
            {
                return UnknownColumn($"emailConfig.emailColumns[{i}]", column);
            }
        }

        if (Obj(email, "fromAddress") is not { } from)
        {
            return Missing("emailConfig.fromAddress");
        }

        // The sending domain is required; the local part is not (genesys-cloud.md).
        if (RefId(from, "domain") is null)
        {
            return Missing("emailConfig.fromAddress.domain");
        }

        return RefId(email, "contentTemplate") is null ? Missing("emailConfig.contentTemplate") : null;
    }

    private static IResult? CheckVoice(JsonNode body, List<string> columns)
    {
        if (Str(body, "dialingMode") is not { } mode)
        {
            return Missing("dialingMode");
        }

        if (!DialingModes.Contains(mode))
        {
            return Error(400, "bad.request", $"The field 'dialingMode' has an unknown value '{mode}'.", "dialingMode");
        }

        var phoneColumns = Arr(body, "phoneColumns");
        if (phoneColumns is null || phoneColumns.Count == 0)
        {
            return Missing("phoneColumns");
        }

        for (var i = 0; i < phoneColumns.Count; i++)
        {
            if (Str(phoneColumns[i], "columnName") is not { } column)
            {
                return Missing($"phoneColumns[{i}].columnName");
            }

            if (!columns.Contains(column))
            {
                return UnknownColumn($"phoneColumns[{i}].columnName", column);
            }

            if (Str(phoneColumns[i], "type") is null)
            {
                return Missing($"phoneColumns[{i}].type");
            }
        }

        foreach (var field in new[] { "callerName", "callerAddress" })
        {
            if (Str(body, field) is null)
            {
                return Missing(field);
            }
        }

        // Every mode but preview routes answered calls through a call analysis response set.
        if (mode != "preview" && RefId(body, "callAnalysisResponseSet") is null)
        {
            return Missing("callAnalysisResponseSet");
        }

        if (mode == "agentless")
        {
            if (body["outboundLineCount"] is not JsonValue lines || !lines.TryGetValue<int>(out var count))
            {
                return Missing("outboundLineCount");
            }

            if (count <= 0)
            {
                return Error(400, "bad.request", "The field 'outboundLineCount' must be positive.", "outboundLineCount");
            }

            if (RefId(body, "edgeGroup") is null && RefId(body, "site") is null)
            {
                return Missing("edgeGroup");
            }
        }

        return null;
    }

    /// <summary>The SMS sender of a messaging campaign body, if it is an SMS campaign.</summary>
    public static string? SenderOf(JsonObject body) => Str(Obj(Obj(body, "smsConfig"), "senderSmsPhoneNumber"), "phoneNumber");

    public static bool AlwaysRunning(JsonObject body) => body["alwaysRunning"] is JsonValue v && v.TryGetValue<bool>(out var on) && on;
}
