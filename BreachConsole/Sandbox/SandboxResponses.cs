using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static BreachConsole.Sandbox.SandboxJson;

namespace BreachConsole.Sandbox;

/// <summary>
/// Response management (<c>/api/v2/responsemanagement/libraries</c> and <c>/responses</c>): the content templates email
/// messaging campaigns send. A <c>CampaignEmailTemplate</c> has a <c>subject</c> and a <c>body</c> text whose
/// <c>{{substitution}}</c> placeholders take the contact's column of the same name when a message is sent.
/// </summary>
internal static partial class SandboxResponses
{
    private static readonly string[] ResponseTypes = ["MessagingTemplate", "CampaignSmsTemplate", "CampaignEmailTemplate", "Footer"];

    public static void Map(RouteGroupBuilder responseManagement)
    {
        responseManagement.MapGet("/libraries", (HttpRequest r, IDbContextFactory<SandboxDbContext> db) =>
            SandboxOutbound.PageAsync(r, db, d => d.ResponseLibraries.OrderBy(x => x.CreatedAtMs).ToListAsync(), x => x.Name, x => x.Json,
                filterTypeSupported: false));
        responseManagement.MapPost("/libraries", CreateLibraryAsync);
        responseManagement.MapGet("/libraries/{id}", async (string id, IDbContextFactory<SandboxDbContext> db, CancellationToken ct) =>
        {
            await using var d = await db.CreateDbContextAsync(ct);
            return await d.ResponseLibraries.FindAsync([id], ct) is { } l ? Results.Json(Parse(l.Json)) : NotFound("library", id);
        });
        responseManagement.MapGet("/responses", ListResponsesAsync);
        responseManagement.MapPost("/responses", CreateResponseAsync);
        responseManagement.MapGet("/responses/{id}", async (string id, IDbContextFactory<SandboxDbContext> db, CancellationToken ct) =>
        {
            await using var d = await db.CreateDbContextAsync(ct);
            return await d.Responses.FindAsync([id], ct) is { } r ? Results.Json(Parse(r.Json)) : NotFound("response", id);
        });
    }

    private static async Task<IResult> CreateLibraryAsync(HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory, TimeProvider time)
    {
        var (node, error) = await ReadAsync(request);
        if (error is not null)
        {
            return error;
        }

        if (Str(node, "name") is not { } name)
        {
            return Missing("name");
        }

        var id = Guid.NewGuid().ToString();
        var body = node!.AsObject();
        SandboxOutbound.Stamp(body, id, $"/api/v2/responsemanagement/libraries/{id}", time);
        await using var db = await dbFactory.CreateDbContextAsync(request.HttpContext.RequestAborted);
        db.ResponseLibraries.Add(new SandboxResponseLibrary { Id = id, Name = name, Json = body.ToJsonString(), CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds() });
        await db.SaveChangesAsync(request.HttpContext.RequestAborted);
        return Results.Json(body);
    }

    /// <summary><c>GET /responses?libraryId=</c>: the responses of one library (Genesys requires the library).</summary>
    private static async Task<IResult> ListResponsesAsync(HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory)
    {
        if ((string?)request.Query["libraryId"] is not { Length: > 0 } libraryId)
        {
            return Missing("libraryId");
        }

        await using var db = await dbFactory.CreateDbContextAsync(request.HttpContext.RequestAborted);
        var rows = await db.Responses.Where(r => r.LibraryIds.Contains(libraryId)).OrderBy(r => r.CreatedAtMs).ToListAsync(request.HttpContext.RequestAborted);
        return SandboxOutbound.Page(request, rows.Select(r => (r.Name, (JsonNode)Parse(r.Json))), filterTypeSupported: false);
    }

    private static async Task<IResult> CreateResponseAsync(HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory, TimeProvider time)
    {
        var ct = request.HttpContext.RequestAborted;
        var (node, error) = await ReadAsync(request);
        if (error is not null)
        {
            return error;
        }

        if (Str(node, "name") is not { } name)
        {
            return Missing("name");
        }

        var libraries = (Arr(node, "libraries") ?? []).Select(l => Str(l, "id")).ToList();
        if (libraries.Count == 0 || libraries.Any(l => l is null))
        {
            return Missing("libraries");
        }

        var texts = Arr(node, "texts") ?? [];
        if (texts.Count == 0)
        {
            return Missing("texts");
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i] is not JsonObject text || text["content"] is not JsonValue)
            {
                return Missing($"texts[{i}].content");
            }
        }

        var responseType = Str(node, "responseType") ?? "MessagingTemplate";
        if (!ResponseTypes.Contains(responseType))
        {
            return Error(400, "bad.request", $"The field 'responseType' has an unknown value '{responseType}'.", "responseType");
        }

        if (responseType == "CampaignEmailTemplate")
        {
            foreach (var type in new[] { "subject", "body" })
            {
                if (!texts.Any(t => Str(t, "type") == type))
                {
                    return Error(400, "bad.request", $"The field 'texts' needs a text of type '{type}' for a CampaignEmailTemplate.", "texts");
                }
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var library in libraries)
        {
            if (await db.ResponseLibraries.FindAsync([library!], ct) is null)
            {
                return Error(400, "invalid.library", $"The field 'libraries' names '{library}', which does not exist.", "libraries");
            }
        }

        var id = Guid.NewGuid().ToString();
        var body = node!.AsObject();
        body["responseType"] = responseType;
        SandboxOutbound.Stamp(body, id, $"/api/v2/responsemanagement/responses/{id}", time);
        db.Responses.Add(new SandboxResponse
        {
            Id = id,
            Name = name,
            ResponseType = responseType,
            LibraryIds = string.Join(' ', libraries),
            Json = body.ToJsonString(),
            CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        await db.SaveChangesAsync(ct);
        return Results.Json(body);
    }

    /// <summary>A template text of the given type (<c>subject</c>, <c>body</c>) with its substitutions filled from the contact.</summary>
    public static string? Render(JsonObject response, string type, Dictionary<string, string> data)
    {
        var text = (Arr(response, "texts") ?? []).FirstOrDefault(t => Str(t, "type") == type);
        if (text?["content"] is not JsonValue v || !v.TryGetValue<string>(out var content))
        {
            return null;
        }

        var defaults = (Arr(response, "substitutions") ?? []).Where(s => Str(s, "id") is not null)
            .ToDictionary(s => Str(s, "id")!, s => Str(s, "defaultValue") ?? "", StringComparer.Ordinal);
        return Placeholder().Replace(content, m =>
            data.TryGetValue(m.Groups[1].Value, out var value) ? value : defaults.GetValueOrDefault(m.Groups[1].Value, ""));
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Placeholder();
}
