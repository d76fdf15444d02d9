using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static BreachConsole.Sandbox.SandboxJson;

namespace BreachConsole.Sandbox;

/// <summary>
/// Contact list filters (<c>/api/v2/outbound/contactlistfilters</c>) and their evaluation: predicates combine by their
/// clause's <c>filterType</c>, clauses by the filter's. <c>IN</c> and <c>BETWEEN</c> take their operands from <c>range</c>
/// (<c>inSet</c>; <c>min</c>/<c>max</c>), never from a list in <c>value</c>.
/// </summary>
internal static class SandboxFilters
{
    private static readonly string[] FilterOperators =
        ["EQUALS", "LESS_THAN", "LESS_THAN_EQUALS", "GREATER_THAN", "GREATER_THAN_EQUALS", "CONTAINS", "BEGINS_WITH", "ENDS_WITH", "IN", "BETWEEN"];

    public static void Map(RouteGroupBuilder outbound)
    {
        outbound.MapGet("/contactlistfilters", (HttpRequest r, IDbContextFactory<SandboxDbContext> db) =>
            SandboxOutbound.PageAsync(r, db, d => d.Filters.OrderBy(x => x.CreatedAtMs).Select(x => new { x.Name, x.Json }).ToListAsync(), x => x.Name, x => x.Json));
        outbound.MapPost("/contactlistfilters", CreateFilter);
    }

    private static async Task<IResult> CreateFilter(HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory, TimeProvider time)
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

        if (RefId(node, "contactList") is not { } listId)
        {
            return Missing("contactList");
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.ContactLists.FindAsync(listId) is not { } list)
        {
            return Error(400, "invalid.contact.list", $"The field 'contactList' names '{listId}', which does not exist.", "contactList");
        }

        var columns = ColumnNames(Parse(list.Json));
        var clauses = Arr(node, "clauses") ?? [];
        for (var c = 0; c < clauses.Count; c++)
        {
            var predicates = Arr(clauses[c], "predicates") ?? [];
            for (var p = 0; p < predicates.Count; p++)
            {
                var field = $"clauses[{c}].predicates[{p}]";
                if (Str(predicates[p], "column") is not { } column)
                {
                    return Missing($"{field}.column");
                }

                if (!columns.Contains(column))
                {
                    return UnknownColumn($"{field}.column", column);
                }

                if (Str(predicates[p], "operator") is not { } op)
                {
                    return Missing($"{field}.operator");
                }

                if (!FilterOperators.Contains(op))
                {
                    // BEFORE and AFTER exist in Genesys; this sandbox does not evaluate them, and says so.
                    return Error(400, "bad.request", $"The field '{field}.operator' has a value '{op}' this sandbox does not evaluate.", $"{field}.operator");
                }

                if (CheckOperands(predicates[p]!, op, field) is { } problem)
                {
                    return problem;
                }
            }
        }

        if (await db.Filters.AnyAsync(f => f.Name == name))
        {
            return Error(400, "name.not.unique", $"A contact list filter named '{name}' already exists.", "name");
        }

        var id = Guid.NewGuid().ToString();
        var body = node!.AsObject();
        SandboxOutbound.Stamp(body, id, $"/api/v2/outbound/contactlistfilters/{id}", time);
        db.Filters.Add(new SandboxFilter { Id = id, Name = name, Json = body.ToJsonString(), CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds() });
        await db.SaveChangesAsync();
        return Results.Json(body);
    }

    private static IResult? CheckOperands(JsonNode predicate, string op, string field)
    {
        var range = Obj(predicate, "range");
        if (op == "IN")
        {
            var set = Arr(range, "inSet");
            return set is null || set.Count == 0
                ? Error(400, "bad.request", $"The field '{field}.range.inSet' is required for IN; a list in 'value' is not read.", $"{field}.range.inSet")
                : null;
        }

        if (op == "BETWEEN")
        {
            return Str(range, "min") is null ? Missing($"{field}.range.min")
                : Str(range, "max") is null ? Missing($"{field}.range.max")
                : null;
        }

        return predicate["value"] is null ? Missing($"{field}.value") : null;
    }

    /// <summary>Whether a contact's data passes a filter.</summary>
    public static bool Passes(JsonObject filter, Dictionary<string, string> data)
    {
        var clauses = (Arr(filter, "clauses") ?? []).OfType<JsonObject>().ToList();
        if (clauses.Count == 0)
        {
            return true;
        }

        bool Clause(JsonObject clause)
        {
            var results = (Arr(clause, "predicates") ?? []).OfType<JsonObject>().Select(p => Predicate(p, data)).ToList();
            return Str(clause, "filterType") == "OR" ? results.Any(r => r) : results.All(r => r);
        }

        return Str(filter, "filterType") == "OR" ? clauses.Any(Clause) : clauses.All(Clause);
    }

    private static bool Predicate(JsonObject predicate, Dictionary<string, string> data)
    {
        var actual = data.GetValueOrDefault(Str(predicate, "column") ?? "") ?? "";
        var numeric = Str(predicate, "columnType") == "numeric";
        var range = Obj(predicate, "range");
        int Compare(string expected) => numeric && double.TryParse(actual, CultureInfo.InvariantCulture, out var a)
                                        && double.TryParse(expected, CultureInfo.InvariantCulture, out var e)
            ? a.CompareTo(e)
            : string.Compare(actual, expected, StringComparison.OrdinalIgnoreCase);
        var value = predicate["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        var result = Str(predicate, "operator") switch
        {
            "EQUALS" => Compare(value) == 0,
            "LESS_THAN" => Compare(value) < 0,
            "LESS_THAN_EQUALS" => Compare(value) <= 0,
            "GREATER_THAN" => Compare(value) > 0,
            "GREATER_THAN_EQUALS" => Compare(value) >= 0,
            "CONTAINS" => actual.Contains(value, StringComparison.OrdinalIgnoreCase),
            "BEGINS_WITH" => actual.StartsWith(value, StringComparison.OrdinalIgnoreCase),
            "ENDS_WITH" => actual.EndsWith(value, StringComparison.OrdinalIgnoreCase),
            "IN" => (Arr(range, "inSet") ?? []).Select(x => x is JsonValue item && item.TryGetValue<string>(out var t) ? t : null)
                .Any(t => t is not null && Compare(t) == 0),
            "BETWEEN" => Within(Compare(Str(range, "min") ?? ""), Flag(range, "minInclusive"), lower: true)
                         && Within(Compare(Str(range, "max") ?? ""), Flag(range, "maxInclusive"), lower: false),
            _ => true,
        };
        return Flag(predicate, "inverted") == true ? !result : result;
    }

    /// <summary>A bound is inclusive unless the range says otherwise.</summary>
    private static bool Within(int comparison, bool? inclusive, bool lower) =>
        inclusive ?? true ? (lower ? comparison >= 0 : comparison <= 0) : (lower ? comparison > 0 : comparison < 0);

    private static bool? Flag(JsonNode? node, string name) => node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
}
