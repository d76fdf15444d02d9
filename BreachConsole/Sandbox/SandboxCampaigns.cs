using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static BreachConsole.Sandbox.SandboxJson;

namespace BreachConsole.Sandbox;

/// <summary>
/// Messaging campaigns (<c>/messagingcampaigns</c>, kind <c>messaging</c>) and voice campaigns (<c>/campaigns</c>, kind
/// <c>voice</c>): create, read, PUT with <c>version</c>, start/stop and progress, with Genesys's lifecycle — a campaign
/// whose list is exhausted becomes <c>complete</c> unless <c>alwaysRunning</c>; starting a <c>complete</c> one recycles
/// it through the whole list; one SMS sender number serves one running messaging campaign at a time.
/// </summary>
internal static class SandboxCampaigns
{
    public static void Map(RouteGroupBuilder outbound)
    {
        foreach (var (collection, kind) in new[] { ("messagingcampaigns", "messaging"), ("campaigns", "voice") })
        {
            // The messaging campaign listing has no filterType: its name always matches a prefix.
            outbound.MapGet($"/{collection}", (HttpRequest r, IDbContextFactory<SandboxDbContext> db) => SandboxOutbound.PageAsync(r, db,
                d => d.Campaigns.Where(c => c.Kind == kind).OrderBy(c => c.CreatedAtMs).ToListAsync(), c => c.Name, c => Body(c).ToJsonString(),
                filterTypeSupported: kind == "voice"));
            outbound.MapPost($"/{collection}", (HttpRequest r, IDbContextFactory<SandboxDbContext> db, TimeProvider t) => CreateAsync(r, db, t, kind));
            outbound.MapGet($"/{collection}/{{id}}", (string id, IDbContextFactory<SandboxDbContext> db, CancellationToken ct) => GetAsync(id, db, kind, ct));
            outbound.MapPut($"/{collection}/{{id}}", (string id, HttpRequest r, IDbContextFactory<SandboxDbContext> db, TimeProvider t) =>
                UpdateAsync(id, r, db, t, kind));
            outbound.MapPost($"/{collection}/{{id}}/start", (string id, IDbContextFactory<SandboxDbContext> db, TimeProvider t, CancellationToken ct) =>
                SetStatusAsync(id, db, t, kind, CampaignStatusOn, ct));
            outbound.MapPost($"/{collection}/{{id}}/stop", (string id, IDbContextFactory<SandboxDbContext> db, TimeProvider t, CancellationToken ct) =>
                SetStatusAsync(id, db, t, kind, CampaignStatusOff, ct));
            outbound.MapGet($"/{collection}/{{id}}/progress", (string id, IDbContextFactory<SandboxDbContext> db, CancellationToken ct) =>
                ProgressAsync(id, db, kind, ct));
        }
    }

    private const string CampaignStatusOn = "on";
    private const string CampaignStatusOff = "off";
    private const string CampaignStatusComplete = "complete";

    private static async Task<IResult> CreateAsync(HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory, TimeProvider time, string kind)
    {
        var ct = request.HttpContext.RequestAborted;
        var (node, error) = await ReadAsync(request);
        if (error is not null)
        {
            return error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await CheckAsync(db, kind, node!, id: null, ct) is { } problem)
        {
            return problem;
        }

        var id = Guid.NewGuid().ToString();
        var body = node!.AsObject();
        var status = Str(body, "campaignStatus") == CampaignStatusOn ? CampaignStatusOn : CampaignStatusOff;
        if (status == CampaignStatusOn && await SenderConflictAsync(db, kind, body, id, ct) is { } conflict)
        {
            return conflict;
        }

        body["campaignStatus"] = status;
        SandboxOutbound.Stamp(body, id, $"/api/v2/outbound/{Collection(kind)}/{id}", time);
        db.Campaigns.Add(new SandboxCampaign
        {
            Id = id,
            Kind = kind,
            Name = Str(body, "name")!,
            ContactListId = RefId(body, "contactList")!,
            Status = status,
            Json = body.ToJsonString(),
            CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        await db.SaveChangesAsync(ct);
        return Results.Json(body);
    }

    /// <summary>
    /// PUT: the whole campaign, carrying the <c>version</c> it was read with; a stale one is 409. A changed
    /// <c>campaignStatus</c> starts or stops it as the start/stop endpoints do. Every successful PUT bumps the version.
    /// </summary>
    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, IDbContextFactory<SandboxDbContext> dbFactory, TimeProvider time,
        string kind)
    {
        var ct = request.HttpContext.RequestAborted;
        var (node, error) = await ReadAsync(request);
        if (error is not null)
        {
            return error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Campaigns.FindAsync([id], ct) is not { } campaign || campaign.Kind != kind)
        {
            return NotFound("campaign", id);
        }

        var held = Body(campaign);
        if (node!["version"] is not JsonValue v || !v.TryGetValue<int>(out var version))
        {
            return Missing("version");
        }

        if (version != VersionOf(held))
        {
            return Error(409, "conflict", $"The campaign '{id}' was changed since version {version}; read it again.", "version");
        }

        if (await CheckAsync(db, kind, node, id, ct) is { } problem)
        {
            return problem;
        }

        var body = node.AsObject();
        var wanted = Str(body, "campaignStatus") ?? campaign.Status;
        if (wanted == CampaignStatusOn && campaign.Status != CampaignStatusOn && await SenderConflictAsync(db, kind, body, id, ct) is { } conflict)
        {
            return conflict;
        }

        if (wanted == CampaignStatusOn && campaign.Status == CampaignStatusComplete)
        {
            campaign.Pass++;
        }

        if (wanted is CampaignStatusOn or CampaignStatusOff && !(wanted == CampaignStatusOff && campaign.Status == CampaignStatusComplete))
        {
            campaign.Status = wanted;
        }

        body["id"] = id;
        body["selfUri"] = held["selfUri"]?.DeepClone();
        body["dateCreated"] = held["dateCreated"]?.DeepClone();
        body["dateModified"] = time.GetUtcNow().ToString("O");
        body["version"] = version + 1;
        body["campaignStatus"] = campaign.Status;
        campaign.Name = Str(body, "name")!;
        campaign.ContactListId = RefId(body, "contactList")!;
        campaign.Json = body.ToJsonString();
        await db.SaveChangesAsync(ct);
        return Results.Json(Body(campaign));
    }

    private static async Task<IResult> GetAsync(string id, IDbContextFactory<SandboxDbContext> dbFactory, string kind, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Campaigns.FindAsync([id], ct) is { } c && c.Kind == kind ? Results.Json(Body(c)) : NotFound("campaign", id);
    }

    /// <summary>Start or stop. Starting a <c>complete</c> campaign recycles it: it walks its whole list again, as Genesys does.</summary>
    private static async Task<IResult> SetStatusAsync(string id, IDbContextFactory<SandboxDbContext> dbFactory, TimeProvider time, string kind,
        string status, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Campaigns.FindAsync([id], ct) is not { } campaign || campaign.Kind != kind)
        {
            return NotFound("campaign", id);
        }

        var body = Body(campaign);
        if (status == CampaignStatusOn && campaign.Status != CampaignStatusOn)
        {
            if (await SenderConflictAsync(db, kind, body, id, ct) is { } conflict)
            {
                return conflict;
            }

            if (campaign.Status == CampaignStatusComplete)
            {
                campaign.Pass++;
            }
        }

        // Stopping a finished campaign leaves it finished; starting a running one or stopping a stopped one changes nothing.
        if (campaign.Status != status && !(status == CampaignStatusOff && campaign.Status == CampaignStatusComplete))
        {
            campaign.Status = status;
            campaign.Json = Bumped(body, time).ToJsonString();
            await db.SaveChangesAsync(ct);
        }

        return Results.Json(Body(campaign));
    }

    private static async Task<IResult> ProgressAsync(string id, IDbContextFactory<SandboxDbContext> dbFactory, string kind, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Campaigns.FindAsync([id], ct) is not { } campaign || campaign.Kind != kind)
        {
            return NotFound("campaign", id);
        }

        // This pass over the list: each contact once, whatever re-queues made of it.
        var size = await db.Contacts.LongCountAsync(c => c.ContactListId == campaign.ContactListId, ct);
        var records = await db.Deliveries.Where(d => d.CampaignId == id && d.Pass == campaign.Pass)
            .Select(d => new { d.ContactId, d.Outcome }).ToListAsync(ct);
        var outcomes = records.GroupBy(d => d.ContactId).Select(g => g.Any(d => d.Outcome == DeliveryOutcome.Delivered) ? DeliveryOutcome.Delivered : g.First().Outcome)
            .GroupBy(o => o).ToDictionary(g => g.Key, g => (long)g.Count());
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
        return Results.Json(new JsonObject
        {
            ["campaign"] = new JsonObject { ["id"] = id, ["name"] = campaign.Name },
            ["contactList"] = new JsonObject { ["id"] = campaign.ContactListId },
            [kind == "messaging" ? "numberOfContactsMessaged" : "numberOfContactsCalled"] = delivered,
            ["totalNumberOfContacts"] = total,
            // Genesys's own figure (contacted ÷ total); completion is campaignStatus "complete", not this.
            ["percentage"] = total <= 0 ? 0 : Math.Min(100, handled * 100 / total),
            ["numberOfContactsSkipped"] = skipped,
        });
    }

    /// <summary>The body checks shared by POST and PUT: required fields, the list and its columns, a unique name.</summary>
    private static async Task<IResult?> CheckAsync(SandboxDbContext db, string kind, JsonNode node, string? id, CancellationToken ct)
    {
        if (Str(node, "name") is not { } name)
        {
            return Missing("name");
        }

        if (RefId(node, "contactList") is not { } listId)
        {
            return Missing("contactList");
        }

        if (await db.ContactLists.FindAsync([listId], ct) is not { } list)
        {
            return Error(400, "invalid.contact.list", $"The field 'contactList' names '{listId}', which does not exist.", "contactList");
        }

        if (await SandboxCampaignRules.CheckAsync(db, kind, node, ColumnNames(Parse(list.Json)), ct) is { } problem)
        {
            return problem;
        }

        return await db.Campaigns.AnyAsync(c => c.Kind == kind && c.Name == name && c.Id != id, ct)
            ? Error(400, "name.not.unique", $"A campaign named '{name}' already exists.", "name")
            : null;
    }

    /// <summary>One SMS sender number serves one running messaging campaign at a time.</summary>
    private static async Task<IResult?> SenderConflictAsync(SandboxDbContext db, string kind, JsonObject body, string id, CancellationToken ct)
    {
        if (kind != "messaging" || SandboxCampaignRules.SenderOf(body) is not { } sender)
        {
            return null;
        }

        var running = await db.Campaigns.Where(c => c.Kind == "messaging" && c.Status == CampaignStatusOn && c.Id != id).ToListAsync(ct);
        return running.FirstOrDefault(c => SandboxCampaignRules.SenderOf(Parse(c.Json)) == sender) is { } other
            ? Error(400, "messaging.campaign.sms.phone.number.in.use",
                $"The field 'smsConfig.senderSmsPhoneNumber' is in use by the running messaging campaign '{other.Id}'.",
                "smsConfig.senderSmsPhoneNumber")
            : null;
    }

    public static JsonObject Body(SandboxCampaign campaign)
    {
        var body = Parse(campaign.Json);
        body["campaignStatus"] = campaign.Status;
        return body;
    }

    /// <summary>The body with its version bumped: every change of a campaign (PUT, start, stop, completion) is a new version.</summary>
    public static JsonObject Bumped(JsonObject body, TimeProvider time)
    {
        body["version"] = VersionOf(body) + 1;
        body["dateModified"] = time.GetUtcNow().ToString("O");
        return body;
    }

    private static int VersionOf(JsonObject body) => body["version"] is JsonValue v && v.TryGetValue<int>(out var version) ? version : 1;

    private static string Collection(string kind) => kind == "messaging" ? "messagingcampaigns" : "campaigns";
}
