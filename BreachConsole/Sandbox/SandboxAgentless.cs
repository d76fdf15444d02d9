using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static BreachConsole.Sandbox.SandboxJson;

namespace BreachConsole.Sandbox;

/// <summary>Single agentless messages (tests and "send to myself" only): <c>/conversations/messages|emails/agentless</c>.</summary>
internal static class SandboxAgentless
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/conversations/messages/agentless", SendAgentlessMessage);
        api.MapPost("/conversations/emails/agentless", SendAgentlessEmail);
    }

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
}
