using System.Text.Json;
using System.Text.Json.Nodes;

namespace BreachConsole.Sandbox;

/// <summary>Genesys-style bodies and request checks: a missing required field or an unknown column is a 400 naming it.</summary>
internal static class SandboxJson
{
    public static IResult Error(int status, string code, string message, string? field = null, string? contextId = null)
    {
        var body = new JsonObject
        {
            ["message"] = message,
            ["code"] = code,
            ["status"] = status,
            ["messageWithParams"] = field is null ? message : message.Replace($"'{field}'", "'{field}'", StringComparison.Ordinal),
            ["messageParams"] = field is null ? new JsonObject() : new JsonObject { ["field"] = field },
            ["contextId"] = contextId ?? Guid.NewGuid().ToString(),
            ["details"] = field is null ? new JsonArray() : new JsonArray(new JsonObject { ["fieldName"] = field }),
            ["errors"] = new JsonArray(),
        };
        return Results.Json(body, statusCode: status);
    }

    public static IResult Missing(string field) => Error(400, "bad.request", $"The field '{field}' is required.", field);

    public static IResult UnknownColumn(string field, string column) =>
        Error(400, "bad.request", $"The field '{field}' names '{column}', which is not a column of the contact list.", field);

    public static IResult NotFound(string what, string id) => Error(404, "not.found", $"The {what} '{id}' was not found.");

    /// <summary>The request body as JSON, or the 400 Genesys gives for a body it cannot read.</summary>
    public static async Task<(JsonNode? Node, IResult? Error)> ReadAsync(HttpRequest request)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return node is null ? (null, Error(400, "bad.request", "The request body is empty.")) : (node, null);
        }
        catch (JsonException)
        {
            return (null, Error(400, "bad.request", "The request body is not valid JSON."));
        }
    }

    public static string? Str(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    public static JsonArray? Arr(JsonNode? node, string name) => node is JsonObject o ? o[name] as JsonArray : null;

    public static JsonObject? Obj(JsonNode? node, string name) => node is JsonObject o ? o[name] as JsonObject : null;

    public static string? RefId(JsonNode? node, string name) => Str(Obj(node, name), "id");

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    public static List<string> ColumnNames(JsonObject contactList) =>
        Arr(contactList, "columnNames")?.Select(c => c?.GetValue<string>()).OfType<string>().ToList() ?? [];
}
