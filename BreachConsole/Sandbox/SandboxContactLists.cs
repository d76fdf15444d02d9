using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static BreachConsole.Sandbox.SandboxJson;
using static BreachConsole.Sandbox.SandboxOutbound;

namespace BreachConsole.Sandbox;

/// <summary>Contact lists and their contacts: <c>/api/v2/outbound/contactlists</c>.</summary>
internal static class SandboxContactLists
{
    private const int MaxContactsPerRequest = 1000;

    public static void Map(RouteGroupBuilder outbound)
    {
        outbound.MapGet("/contactlists", (HttpRequest r, IDbContextFactory<SandboxDbContext> db) =>
            PageAsync(r, db, d => d.ContactLists.OrderBy(x => x.CreatedAtMs).Select(x => new { x.Name, x.Json }).ToListAsync(), x => x.Name, x => x.Json));
        outbound.MapPost("/contactlists", CreateContactList);
        outbound.MapGet("/contactlists/{id}", GetContactList);
        outbound.MapDelete("/contactlists/{id}", DeleteContactList);
        outbound.MapPost("/contactlists/{id}/contacts", AddContacts);
        outbound.MapGet("/contactlists/{id}/contacts/{contactId}", GetContact);
    }

    private static async Task<IResult> CreateContactList(HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory, TimeProvider time)
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

        var columns = Arr(node, "columnNames");
        if (columns is null || columns.Count == 0)
        {
            return Missing("columnNames");
        }

        var columnNames = columns.Select(c => c is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).ToList();
        if (columnNames.Any(string.IsNullOrWhiteSpace))
        {
            return Error(400, "bad.request", "The field 'columnNames' holds an empty column name.", "columnNames");
        }

        foreach (var set in new[] { "phoneColumns", "emailColumns" })
        {
            var entries = Arr(node, set) ?? [];
            for (var i = 0; i < entries.Count; i++)
            {
                if (Str(entries[i], "columnName") is not { } column)
                {
                    return Missing($"{set}[{i}].columnName");
                }

                if (Str(entries[i], "type") is null)
                {
                    return Missing($"{set}[{i}].type");
                }

                if (!columnNames.Contains(column))
                {
                    return UnknownColumn($"{set}[{i}].columnName", column);
                }
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(request.HttpContext.RequestAborted);
        if (await db.ContactLists.AnyAsync(x => x.Name == name))
        {
            return Error(400, "contact.list.name.duplicate", $"A contact list named '{name}' already exists.", "name");
        }

        var id = Guid.NewGuid().ToString();
        var body = node!.AsObject();
        Stamp(body, id, $"/api/v2/outbound/contactlists/{id}", time);
        db.ContactLists.Add(new SandboxContactList { Id = id, Name = name, Json = body.ToJsonString(), CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds() });
        await db.SaveChangesAsync(request.HttpContext.RequestAborted);
        body["size"] = 0;
        return Results.Json(body);
    }

    private static async Task<IResult> GetContactList(string id, IDbContextFactory<SandboxDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.ContactLists.FindAsync(id) is not { } list)
        {
            return NotFound("contact list", id);
        }

        var body = Parse(list.Json);
        body["size"] = await db.Contacts.LongCountAsync(c => c.ContactListId == id);
        return Results.Json(body);
    }

    private static async Task<IResult> DeleteContactList(string id, IDbContextFactory<SandboxDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.ContactLists.FindAsync(id) is not { } list)
        {
            return NotFound("contact list", id);
        }

        if (await db.Campaigns.AnyAsync(c => c.ContactListId == id && c.Status == "on"))
        {
            return Error(400, "contact.list.in.use", $"The contact list '{id}' is in use by a running campaign.");
        }

        await db.Contacts.Where(c => c.ContactListId == id).ExecuteDeleteAsync();
        db.ContactLists.Remove(list);
        await db.SaveChangesAsync();
        return Results.NoContent();
    }

    /// <summary>
    /// Adds contacts; one posted again with the same <c>id</c> updates the contact it names instead of adding another,
    /// which is what makes the client's deterministic ids an idempotency key. <c>doNotQueue=false</c> (Genesys's default)
    /// re-queues an updated contact, so a campaign over the list messages it again; <c>true</c> leaves it as it was.
    /// New contacts are queued either way.
    /// </summary>
    private static async Task<IResult> AddContacts(string id, HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory,
        SandboxState state, TimeProvider time)
    {
        var (node, error) = await ReadAsync(request);
        if (error is not null)
        {
            return error;
        }

        if (node is not JsonArray contacts)
        {
            return Error(400, "bad.request", "The body must be an array of contacts.");
        }

        if (contacts.Count > MaxContactsPerRequest)
        {
            return Error(400, "bad.request", $"At most {MaxContactsPerRequest} contacts may be added per request.");
        }

        var ct = request.HttpContext.RequestAborted;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ContactLists.FindAsync([id], ct) is not { } list)
        {
            return NotFound("contact list", id);
        }

        var columns = ColumnNames(Parse(list.Json)).ToHashSet(StringComparer.Ordinal);
        var parsed = new List<(string? Id, Dictionary<string, string> Data, bool Callable)>();
        for (var i = 0; i < contacts.Count; i++)
        {
            var contact = contacts[i];
            if (contact is not JsonObject)
            {
                return Error(400, "bad.request", $"The field '[{i}]' must be a contact object.", $"[{i}]");
            }

            if (Str(contact, "contactListId") is not { } listId)
            {
                return Missing($"[{i}].contactListId");
            }

            if (listId != id)
            {
                return Error(400, "bad.request", $"The field '[{i}].contactListId' does not name this contact list.", $"[{i}].contactListId");
            }

            if (Obj(contact, "data") is not { } data)
            {
                return Missing($"[{i}].data");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (column, value) in data)
            {
                if (!columns.Contains(column))
                {
                    return UnknownColumn($"[{i}].data.{column}", column);
                }

                if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
                {
                    return Error(400, "bad.request", $"The field '[{i}].data.{column}' must be a string.", $"[{i}].data.{column}");
                }

                values[column] = text;
            }

            var callable = contact["callable"] is JsonValue c && c.TryGetValue<bool>(out var b) ? b : true;
            parsed.Add((Str(contact, "id"), values, callable));
        }

        var requeue = !bool.TryParse(request.Query["doNotQueue"], out var doNotQueue) || !doNotQueue;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var ids = parsed.Select(p => p.Id).OfType<string>().ToList();
        var existing = await db.Contacts.Where(c => c.ContactListId == id && ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var answer = new JsonArray();
        foreach (var (contactId, data, callable) in parsed)
        {
            var dataJson = JsonSerializer.Serialize(data);
            var key = contactId ?? Guid.NewGuid().ToString();
            if (existing.TryGetValue(key, out var held))
            {
                held.DataJson = dataJson;
                held.Callable = callable;
                held.UpdatedAtMs = now;
                if (requeue)
                {
                    held.QueueVersion++;
                }
            }
            else
            {
                var added = new SandboxContact
                {
                    ContactListId = id,
                    Id = key,
                    Sequence = state.NextSequence(() => db.Contacts.Max(c => (long?)c.Sequence) ?? 0),
                    DataJson = dataJson,
                    Callable = callable,
                    UpdatedAtMs = now,
                };
                db.Contacts.Add(added);
                existing[key] = added;
            }

            answer.Add(new JsonObject
            {
                ["id"] = key,
                ["contactListId"] = id,
                ["data"] = JsonSerializer.SerializeToNode(data),
                ["callable"] = callable,
                ["selfUri"] = $"/api/v2/outbound/contactlists/{id}/contacts/{key}",
            });
        }

        await db.SaveChangesAsync(ct);
        return Results.Json(answer);
    }

    /// <summary>
    /// One contact with what was done with it: per address column, the last SMS or email sent (<c>latestSmsEvaluations</c>,
    /// <c>latestEmailEvaluations</c>) or the last call (<c>callRecords</c>), as <c>GET …/contacts/{contactId}</c> answers.
    /// </summary>
    private static async Task<IResult> GetContact(string id, string contactId, IDbContextFactory<SandboxDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Contacts.FindAsync([id, contactId], ct) is not { } contact)
        {
            return NotFound("contact", contactId);
        }

        var deliveries = await db.Deliveries.Where(d => d.ContactListId == id && d.ContactId == contactId && d.Outcome == DeliveryOutcome.Delivered)
            .OrderBy(d => d.Sequence).ToListAsync(ct);
        var body = new JsonObject
        {
            ["id"] = contact.Id,
            ["contactListId"] = id,
            ["data"] = JsonNode.Parse(contact.DataJson),
            ["callable"] = contact.Callable,
            ["selfUri"] = $"/api/v2/outbound/contactlists/{id}/contacts/{contact.Id}",
        };
        foreach (var delivery in deliveries)
        {
            var column = delivery.Column ?? "";
            var at = DateTimeOffset.FromUnixTimeMilliseconds(delivery.AtMs).ToString("O");
            if (delivery.Channel == "voice")
            {
                Section(body, "callRecords")[column] = new JsonObject { ["lastAttempt"] = at, ["lastResult"] = SandboxDeliveryService.DeliveredWrapupCode };
                continue;
            }

            Section(body, delivery.Channel == "email" ? "latestEmailEvaluations" : "latestSmsEvaluations")[column] = new JsonObject
            {
                ["contactColumn"] = column,
                ["contactAddress"] = delivery.Address,
                ["messageType"] = delivery.Channel,
                ["wrapupCodeId"] = SandboxDeliveryService.DeliveredWrapupCode,
                ["timestamp"] = at,
            };
        }

        return Results.Json(body);
    }

    private static JsonObject Section(JsonObject body, string name) => body[name] as JsonObject ?? (JsonObject)(body[name] = new JsonObject());
}
