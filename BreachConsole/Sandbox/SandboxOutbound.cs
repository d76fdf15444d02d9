using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static BreachConsole.Sandbox.SandboxJson;

namespace BreachConsole.Sandbox;

/// <summary>The Outbound and agentless endpoints of the sandbox (../shared/docs/genesys-cloud.md), backed by its SQLite file.</summary>
internal static class SandboxOutbound
{
    private const int MaxContactsPerRequest = 1000;
    private static readonly string[] DialingModes = ["agentless", "preview", "power", "predictive", "progressive", "external"];
    private static readonly string[] FilterOperators =
        ["EQUALS", "LESS_THAN", "LESS_THAN_EQUALS", "GREATER_THAN", "GREATER_THAN_EQUALS", "CONTAINS", "BEGINS_WITH", "ENDS_WITH", "IN"];

    public static void Map(RouteGroupBuilder api)
    {
        var outbound = api.MapGroup("/outbound");
        outbound.MapGet("/contactlists", (string? name, IDbContextFactory<SandboxDbContext> db, CancellationToken ct) =>
            ListAsync(db, d => d.ContactLists.Select(x => new { x.Name, x.Json }).ToListAsync(ct), x => x.Name, x => x.Json, name));
        outbound.MapPost("/contactlists", CreateContactList);
        outbound.MapGet("/contactlists/{id}", GetContactList);
        outbound.MapDelete("/contactlists/{id}", DeleteContactList);
        outbound.MapPost("/contactlists/{id}/contacts", AddContacts);

        outbound.MapGet("/messagingcampaigns", (string? name, IDbContextFactory<SandboxDbContext> db, CancellationToken ct) =>
            ListCampaignsAsync(db, "messaging", name, ct));
        outbound.MapPost("/messagingcampaigns", (HttpRequest r, IDbContextFactory<SandboxDbContext> db, TimeProvider t) => CreateCampaign(r, db, t, "messaging"));
        outbound.MapGet("/messagingcampaigns/{id}", (string id, IDbContextFactory<SandboxDbContext> db) => GetCampaign(id, db, "messaging"));
        outbound.MapPost("/messagingcampaigns/{id}/start", (string id, IDbContextFactory<SandboxDbContext> db) => SetStatus(id, db, "messaging", "on"));
        outbound.MapPost("/messagingcampaigns/{id}/stop", (string id, IDbContextFactory<SandboxDbContext> db) => SetStatus(id, db, "messaging", "off"));
        outbound.MapGet("/messagingcampaigns/{id}/progress", (string id, IDbContextFactory<SandboxDbContext> db) => Progress(id, db, "messaging"));

        outbound.MapGet("/campaigns", (string? name, IDbContextFactory<SandboxDbContext> db, CancellationToken ct) =>
            ListCampaignsAsync(db, "voice", name, ct));
        outbound.MapPost("/campaigns", (HttpRequest r, IDbContextFactory<SandboxDbContext> db, TimeProvider t) => CreateCampaign(r, db, t, "voice"));
        outbound.MapGet("/campaigns/{id}", (string id, IDbContextFactory<SandboxDbContext> db) => GetCampaign(id, db, "voice"));
        outbound.MapPost("/campaigns/{id}/start", (string id, IDbContextFactory<SandboxDbContext> db) => SetStatus(id, db, "voice", "on"));
        outbound.MapPost("/campaigns/{id}/stop", (string id, IDbContextFactory<SandboxDbContext> db) => SetStatus(id, db, "voice", "off"));
        outbound.MapGet("/campaigns/{id}/progress", (string id, IDbContextFactory<SandboxDbContext> db) => Progress(id, db, "voice"));

        outbound.MapGet("/dnclists", (string? name, IDbContextFactory<SandboxDbContext> db, CancellationToken ct) =>
            ListAsync(db, d => d.DncLists.Select(x => new { x.Name, x.Json }).ToListAsync(ct), x => x.Name, x => x.Json, name));
        outbound.MapPost("/dnclists", CreateDncList);
        outbound.MapPost("/dnclists/{id}/phonenumbers", (string id, HttpRequest r, IDbContextFactory<SandboxDbContext> db) => AddDncEntries(id, r, db));
        outbound.MapPost("/dnclists/{id}/emailaddresses", (string id, HttpRequest r, IDbContextFactory<SandboxDbContext> db) => AddDncEntries(id, r, db));

        outbound.MapGet("/contactlistfilters", (string? name, IDbContextFactory<SandboxDbContext> db, CancellationToken ct) =>
            ListAsync(db, d => d.Filters.Select(x => new { x.Name, x.Json }).ToListAsync(ct), x => x.Name, x => x.Json, name));
        outbound.MapPost("/contactlistfilters", CreateFilter);

        api.MapPost("/conversations/messages/agentless", SendAgentlessMessage);
        api.MapPost("/conversations/emails/agentless", SendAgentlessEmail);
    }

    // ---- contact lists ----------------------------------------------------------------------------------------------

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
    /// which is what makes the client's deterministic ids an idempotency key.
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

    // ---- campaigns --------------------------------------------------------------------------------------------------

    private static async Task<IResult> CreateCampaign(HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory, TimeProvider time, string kind)
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

        var ct = request.HttpContext.RequestAborted;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ContactLists.FindAsync([listId], ct) is not { } list)
        {
            return Error(400, "invalid.contact.list", $"The field 'contactList' names '{listId}', which does not exist.", "contactList");
        }

        var columns = ColumnNames(Parse(list.Json));
        var problem = kind == "messaging" ? CheckMessaging(node!, columns) : CheckVoice(node!, columns);
        if (problem is not null)
        {
            return problem;
        }

        if (await db.Campaigns.AnyAsync(c => c.Kind == kind && c.Name == name, ct))
        {
            return Error(400, "name.not.unique", $"A campaign named '{name}' already exists.", "name");
        }

        var id = Guid.NewGuid().ToString();
        var body = node!.AsObject();
        var status = Str(body, "campaignStatus") == "on" ? "on" : "off";
        body["campaignStatus"] = status;
        Stamp(body, id, $"/api/v2/outbound/{(kind == "messaging" ? "messagingcampaigns" : "campaigns")}/{id}", time);
        db.Campaigns.Add(new SandboxCampaign
        {
            Id = id,
            Kind = kind,
            Name = name,
            ContactListId = listId,
            Status = status,
            Json = body.ToJsonString(),
            CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        await db.SaveChangesAsync(ct);
        return Results.Json(body);
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

        if (email is not null)
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

            if (Str(from, "localPart") is null)
            {
                return Missing("emailConfig.fromAddress.localPart");
            }
        }

        return null;
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
        }

        foreach (var field in new[] { "callerName", "callerAddress" })
        {
            if (Str(body, field) is null)
            {
                return Missing(field);
            }
        }

        if (mode == "agentless" && RefId(body, "edgeGroup") is null && RefId(body, "site") is null)
        {
            return Missing("edgeGroup");
        }

        return null;
    }

    private static async Task<IResult> ListCampaignsAsync(IDbContextFactory<SandboxDbContext> dbFactory, string kind, string? name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Campaigns.Where(c => c.Kind == kind).OrderBy(c => c.CreatedAtMs).ToListAsync(ct);
        return Results.Json(Listing([.. rows.Where(r => Matches(r.Name, name)).Select(CampaignBody)]));
    }

    private static async Task<IResult> GetCampaign(string id, IDbContextFactory<SandboxDbContext> dbFactory, string kind)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Campaigns.FindAsync(id) is { } c && c.Kind == kind ? Results.Json(CampaignBody(c)) : NotFound("campaign", id);
    }

    private static async Task<IResult> SetStatus(string id, IDbContextFactory<SandboxDbContext> dbFactory, string kind, string status)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.Campaigns.FindAsync(id) is not { } campaign || campaign.Kind != kind)
        {
            return NotFound("campaign", id);
        }

        // A finished campaign stays finished; starting or stopping it again changes nothing (the calls are idempotent).
        if (campaign.Status != "complete")
        {
            campaign.Status = status;
            await db.SaveChangesAsync();
        }

        return Results.Json(CampaignBody(campaign));
    }

    private static async Task<IResult> Progress(string id, IDbContextFactory<SandboxDbContext> dbFactory, string kind)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.Campaigns.FindAsync(id) is not { } campaign || campaign.Kind != kind)
        {
            return NotFound("campaign", id);
        }

        var size = await db.Contacts.LongCountAsync(c => c.ContactListId == campaign.ContactListId);
        var outcomes = await db.Deliveries.Where(d => d.CampaignId == id).GroupBy(d => d.Outcome)
            .Select(g => new { Outcome = g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Outcome, g => g.Count);
        long Of(string outcome) => outcomes.GetValueOrDefault(outcome);
        var total = size - Of(DeliveryOutcome.Filtered);
        var delivered = Of(DeliveryOutcome.Delivered);
        var skipped = new JsonObject();
        foreach (var outcome in new[] { DeliveryOutcome.Dnc, DeliveryOutcome.Uncallable, DeliveryOutcome.NoAddress })
        {
            if (Of(outcome) > 0)
            {
                skipped[outcome] = Of(outcome);
            }
        }

        var handled = delivered + Of(DeliveryOutcome.Dnc) + Of(DeliveryOutcome.Uncallable) + Of(DeliveryOutcome.NoAddress);
        var body = new JsonObject
        {
            ["campaign"] = new JsonObject { ["id"] = id, ["name"] = campaign.Name },
            ["contactList"] = new JsonObject { ["id"] = campaign.ContactListId },
            [kind == "messaging" ? "numberOfContactsMessaged" : "numberOfContactsCalled"] = delivered,
            ["totalNumberOfContacts"] = total,
            ["percentage"] = total <= 0 ? (campaign.Status == "complete" ? 100 : 0) : Math.Min(100, handled * 100 / total),
            ["numberOfContactsSkipped"] = skipped,
        };
        return Results.Json(body);
    }

    private static JsonObject CampaignBody(SandboxCampaign campaign)
    {
        var body = Parse(campaign.Json);
        body["campaignStatus"] = campaign.Status;
        return body;
    }

    // ---- DNC lists and contact list filters -------------------------------------------------------------------------

    private static async Task<IResult> CreateDncList(HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory, TimeProvider time)
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

        if (Str(node, "dncSourceType") is null)
        {
            return Missing("dncSourceType");
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.DncLists.AnyAsync(d => d.Name == name))
        {
            return Error(400, "name.not.unique", $"A DNC list named '{name}' already exists.", "name");
        }

        var id = Guid.NewGuid().ToString();
        var body = node!.AsObject();
        Stamp(body, id, $"/api/v2/outbound/dnclists/{id}", time);
        db.DncLists.Add(new SandboxDncList { Id = id, Name = name, Json = body.ToJsonString() });
        await db.SaveChangesAsync();
        return Results.Json(body);
    }

    private static async Task<IResult> AddDncEntries(string id, HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory)
    {
        var (node, error) = await ReadAsync(request);
        if (error is not null)
        {
            return error;
        }

        if (node is not JsonArray values || values.Any(v => v is not JsonValue s || !s.TryGetValue<string>(out _)))
        {
            return Error(400, "bad.request", "The body must be an array of strings.");
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.DncLists.FindAsync(id) is null)
        {
            return NotFound("DNC list", id);
        }

        var entries = values.Select(v => Normalize(v!.GetValue<string>())).Distinct().ToList();
        var held = await db.DncEntries.Where(e => e.DncListId == id && entries.Contains(e.Value)).Select(e => e.Value).ToListAsync();
        db.DncEntries.AddRange(entries.Except(held).Select(v => new SandboxDncEntry { DncListId = id, Value = v }));
        await db.SaveChangesAsync();
        return Results.Ok();
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
                    // BEFORE, AFTER and BETWEEN exist in Genesys; this sandbox does not evaluate them, and says so.
                    return Error(400, "bad.request", $"The field '{field}.operator' has a value '{op}' this sandbox does not evaluate.", $"{field}.operator");
                }
            }
        }

        if (await db.Filters.AnyAsync(f => f.Name == name))
        {
            return Error(400, "name.not.unique", $"A contact list filter named '{name}' already exists.", "name");
        }

        var id = Guid.NewGuid().ToString();
        var body = node!.AsObject();
        Stamp(body, id, $"/api/v2/outbound/contactlistfilters/{id}", time);
        db.Filters.Add(new SandboxFilter { Id = id, Name = name, Json = body.ToJsonString() });
        await db.SaveChangesAsync();
        return Results.Json(body);
    }

    // ---- agentless single messages ----------------------------------------------------------------------------------

    private static async Task<IResult> SendAgentlessMessage(HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory, TimeProvider time)
    {
        var (node, error) = await ReadAsync(request);
        if (error is not null)
        {
            return error;
        }

        foreach (var field in new[] { "toAddressMessengerType", "fromAddress", "toAddress", "textBody" })
        {
            if (Str(node, field) is null)
            {
                return Missing(field);
            }
        }

        if (Str(node, "textBody")!.Length > 765)
        {
            return Error(400, "bad.request", "The field 'textBody' is longer than 765 characters.", "textBody");
        }

        var conversationId = await RecordSingleAsync(dbFactory, time, Str(node, "toAddressMessengerType")!, Str(node, "toAddress")!);
        return Results.Json(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["conversationId"] = conversationId,
            ["messengerType"] = Str(node, "toAddressMessengerType"),
            ["fromAddress"] = Str(node, "fromAddress"),
            ["toAddress"] = Str(node, "toAddress"),
            ["textBody"] = Str(node, "textBody"),
            ["timestamp"] = time.GetUtcNow().ToString("O"),
        });
    }

    private static async Task<IResult> SendAgentlessEmail(HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory, TimeProvider time)
    {
        var (node, error) = await ReadAsync(request);
        if (error is not null)
        {
            return error;
        }

        if (Str(node, "senderType") is null)
        {
            return Missing("senderType");
        }

        if (Str(Obj(node, "fromAddress"), "email") is null)
        {
            return Missing("fromAddress.email");
        }

        var to = Arr(node, "toAddresses");
        if (to is null || to.Count == 0 || Str(to[0], "email") is not { } toAddress)
        {
            return Missing("toAddresses");
        }

        if (Str(node, "textBody") is null && Str(node, "htmlBody") is null)
        {
            return Missing("textBody");
        }

        var conversationId = await RecordSingleAsync(dbFactory, time, "email", toAddress);
        return Results.Json(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["conversationId"] = conversationId,
            ["senderType"] = Str(node, "senderType"),
            ["fromAddress"] = Obj(node, "fromAddress")!.DeepClone(),
            ["toAddresses"] = to.DeepClone(),
            ["subject"] = Str(node, "subject"),
            ["dateCreated"] = time.GetUtcNow().ToString("O"),
        });
    }

    /// <summary>A one-off send is delivered at once; its key is its own conversation, so it never counts as a duplicate.</summary>
    private static async Task<string> RecordSingleAsync(IDbContextFactory<SandboxDbContext> dbFactory, TimeProvider time, string channel, string address)
    {
        var conversationId = Guid.NewGuid().ToString();
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Deliveries.Add(new SandboxDelivery
        {
            CampaignId = "agentless",
            ContactListId = "",
            ContactId = conversationId,
            ContactKey = $"agentless:{conversationId}",
            Channel = channel,
            Address = address,
            Outcome = DeliveryOutcome.Delivered,
            AtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        await db.SaveChangesAsync();
        return conversationId;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static async Task<IResult> ListAsync<T>(IDbContextFactory<SandboxDbContext> dbFactory, Func<SandboxDbContext, Task<List<T>>> load,
        Func<T, string> nameOf, Func<T, string> jsonOf, string? name)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await load(db);
        return Results.Json(Listing([.. rows.Where(r => Matches(nameOf(r), name)).Select(r => (JsonNode)Parse(jsonOf(r)))]));
    }

    /// <summary>Genesys's <c>name</c> query matches part of a name, case-insensitively.</summary>
    private static bool Matches(string name, string? query) =>
        string.IsNullOrEmpty(query) || name.Contains(query, StringComparison.OrdinalIgnoreCase);

    private static void Stamp(JsonObject body, string id, string selfUri, TimeProvider time)
    {
        body["id"] = id;
        body["version"] = 1;
        body["dateCreated"] = time.GetUtcNow().ToString("O");
        body["selfUri"] = selfUri;
    }

    public static string Normalize(string address) => address.Trim().ToLowerInvariant();
}
