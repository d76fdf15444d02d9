using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static BreachConsole.Sandbox.SandboxJson;

namespace BreachConsole.Sandbox;

/// <summary>
/// The routes of the sandbox's Outbound, response-management and agentless endpoints (../shared/docs/genesys-cloud.md);
/// each resource's handlers live in their own file (<c>SandboxContactLists</c>, <c>SandboxCampaigns</c>, …).
/// </summary>
internal static class SandboxOutbound
{
    public static void Map(RouteGroupBuilder api)
    {
        var outbound = api.MapGroup("/outbound");
        SandboxContactLists.Map(outbound);
        SandboxCampaigns.Map(outbound);
        SandboxDnc.Map(outbound);
        SandboxFilters.Map(outbound);
        SandboxResponses.Map(api.MapGroup("/responsemanagement"));
        SandboxAgentless.Map(api);
    }

    /// <summary>
    /// A Genesys listing: <c>name</c> matched by <c>filterType</c> (a prefix by default, <c>Equals</c> exactly, both ignoring
    /// case; an endpoint without <c>filterType</c> always matches a prefix), in creation order, <c>pageSize</c> (default 25,
    /// at most 100) per page.
    /// </summary>
    public static IResult Page(HttpRequest request, IEnumerable<(string Name, JsonNode Body)> rows, bool filterTypeSupported = true)
    {
        var query = request.Query;
        var name = (string?)query["name"];
        var filterType = filterTypeSupported ? (string?)query["filterType"] : null;
        var pageSize = int.TryParse(query["pageSize"], out var size) ? Math.Clamp(size, 1, 100) : 25;
        var pageNumber = int.TryParse(query["pageNumber"], out var number) ? Math.Max(number, 1) : 1;
        var matching = rows.Where(r => Matches(r.Name, name, filterType)).Select(r => r.Body).ToList();
        var pageCount = (int)Math.Ceiling(matching.Count / (double)pageSize);
        return Results.Json(new JsonObject
        {
            ["entities"] = new JsonArray([.. matching.Skip((pageNumber - 1) * pageSize).Take(pageSize).Select(e => e.DeepClone())]),
            ["pageSize"] = pageSize,
            ["pageNumber"] = pageNumber,
            ["total"] = matching.Count,
            ["pageCount"] = pageCount,
        });
    }

    public static async Task<IResult> PageAsync<T>(HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory,
        Func<SandboxDbContext, Task<List<T>>> load, Func<T, string> nameOf, Func<T, string> jsonOf, bool filterTypeSupported = true)
    {
        await using var db = await dbFactory.CreateDbContextAsync(request.HttpContext.RequestAborted);
        var rows = await load(db);
        return Page(request, rows.Select(r => (nameOf(r), (JsonNode)Parse(jsonOf(r)))), filterTypeSupported);
    }

    private static bool Matches(string name, string? query, string? filterType) =>
        string.IsNullOrEmpty(query) || (filterType?.ToUpperInvariant() switch
        {
            "EQUALS" => string.Equals(name, query, StringComparison.OrdinalIgnoreCase),
            "CONTAINS" => name.Contains(query, StringComparison.OrdinalIgnoreCase),
            "ENDSWITH" => name.EndsWith(query, StringComparison.OrdinalIgnoreCase),
            _ => name.StartsWith(query, StringComparison.OrdinalIgnoreCase),
        });

    public static void Stamp(JsonObject body, string id, string selfUri, TimeProvider time)
    {
        body["id"] = id;
        body["version"] = 1;
        body["dateCreated"] = time.GetUtcNow().ToString("O");
        body["selfUri"] = selfUri;
    }

    public static string Normalize(string address) => address.Trim().ToLowerInvariant();
}
