using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static BreachConsole.Sandbox.SandboxJson;

namespace BreachConsole.Sandbox;

/// <summary>Do-not-contact lists: <c>/api/v2/outbound/dnclists</c> and their phone numbers and email addresses.</summary>
internal static class SandboxDnc
{
    public static void Map(RouteGroupBuilder outbound)
    {
        outbound.MapGet("/dnclists", (HttpRequest r, IDbContextFactory<SandboxDbContext> db) =>
            SandboxOutbound.PageAsync(r, db, d => d.DncLists.OrderBy(x => x.CreatedAtMs).Select(x => new { x.Name, x.Json }).ToListAsync(), x => x.Name, x => x.Json));
        outbound.MapPost("/dnclists", CreateDncList);
        outbound.MapPost("/dnclists/{id}/phonenumbers", (string id, HttpRequest r, IDbContextFactory<SandboxDbContext> db) => AddDncEntries(id, r, db));
        outbound.MapPost("/dnclists/{id}/emailaddresses", (string id, HttpRequest r, IDbContextFactory<SandboxDbContext> db) => AddDncEntries(id, r, db));
    }

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
        SandboxOutbound.Stamp(body, id, $"/api/v2/outbound/dnclists/{id}", time);
        db.DncLists.Add(new SandboxDncList { Id = id, Name = name, Json = body.ToJsonString(), CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds() });
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

        var entries = values.Select(v => SandboxOutbound.Normalize(v!.GetValue<string>())).Distinct().ToList();
        var held = await db.DncEntries.Where(e => e.DncListId == id && entries.Contains(e.Value)).Select(e => e.Value).ToListAsync();
        db.DncEntries.AddRange(entries.Except(held).Select(v => new SandboxDncEntry { DncListId = id, Value = v }));
        await db.SaveChangesAsync();
        return Results.Ok();
    }
}
