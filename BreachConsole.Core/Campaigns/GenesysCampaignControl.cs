using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Genesys;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// The campaign-level Genesys calls the dispatcher makes beyond <see cref="GenesysClient"/>'s typed ones: read a
/// (messaging or voice) campaign and write it back with one field changed. The entity travels as JSON as Genesys sent
/// it, so a PUT carries every field and the <c>version</c> Genesys expects (a stale one is 409), including fields our
/// models do not declare.
/// </summary>
public sealed class GenesysCampaignControl(HttpClient http, GenesysTransport transport)
{
    private const string Outbound = "api/v2/outbound";

    public static string PathOf(Channel channel) => channel == Channel.Voice ? "campaigns" : "messagingcampaigns";

    public async Task<JsonObject> GetAsync(Channel channel, string id, CancellationToken cancellationToken)
    {
        using var response = await transport.SendAsync(http,
            new GenesysRequest(HttpMethod.Get, $"{Outbound}/{PathOf(channel)}/{Uri.EscapeDataString(id)}", Idempotent: true), cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken)
               ?? throw new GenesysApiException((int)response.StatusCode, null, GenesysTransport.CorrelationId(response));
    }

    /// <summary>Turns <c>alwaysRunning</c> on or off (read, change, write with the read version).</summary>
    public async Task<JsonObject> SetAlwaysRunningAsync(Channel channel, string id, bool alwaysRunning, CancellationToken cancellationToken)
    {
        var campaign = await GetAsync(channel, id, cancellationToken);
        if (campaign["alwaysRunning"]?.GetValue<bool>() == alwaysRunning)
        {
            return campaign;
        }

        campaign["alwaysRunning"] = alwaysRunning;
        var body = JsonSerializer.SerializeToUtf8Bytes(campaign);
        using var response = await transport.SendAsync(http,
            new GenesysRequest(HttpMethod.Put, $"{Outbound}/{PathOf(channel)}/{Uri.EscapeDataString(id)}", Idempotent: true, body), cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? campaign;
    }

    /// <summary>
    /// The id of a response-management response of type <c>CampaignEmailTemplate</c> named <paramref name="name"/>, in a
    /// library of the same name, created when missing: its subject and body are the substitutions <c>{{subject}}</c> and
    /// <c>{{body}}</c>, filled from each contact's own columns, so every contact gets its own rendered, localized notice.
    /// </summary>
    public async Task<string> EnsureEmailContentTemplateAsync(string name, CancellationToken cancellationToken)
    {
        var libraryId = await FindAsync("api/v2/responsemanagement/libraries", name, cancellationToken)
                        ?? await CreateAsync("api/v2/responsemanagement/libraries", new JsonObject { ["name"] = name }, cancellationToken);
        var responses = $"api/v2/responsemanagement/responses?libraryId={Uri.EscapeDataString(libraryId)}";
        return await FindAsync(responses, name, cancellationToken)
               ?? await CreateAsync("api/v2/responsemanagement/responses", new JsonObject
               {
                   ["name"] = name,
                   ["libraries"] = new JsonArray(new JsonObject { ["id"] = libraryId }),
                   ["responseType"] = "CampaignEmailTemplate",
                   ["texts"] = new JsonArray(
                       new JsonObject { ["content"] = "{{subject}}", ["contentType"] = "text/plain", ["type"] = "subject" },
                       new JsonObject { ["content"] = "{{body}}", ["contentType"] = "text/html", ["type"] = "body" }),
                   ["substitutions"] = new JsonArray(
                       new JsonObject { ["id"] = "subject", ["description"] = "The notice's subject (contact column subject)" },
                       new JsonObject { ["id"] = "body", ["description"] = "The notice's HTML body (contact column body)" }),
               }, cancellationToken);
    }

    /// <summary>The id of the entity whose name is exactly <paramref name="name"/>, paging through every page.</summary>
    private async Task<string?> FindAsync(string collection, string name, CancellationToken cancellationToken)
    {
        var separator = collection.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        for (var page = 1; page <= 1000; page++)
        {
            using var response = await transport.SendAsync(http,
                new GenesysRequest(HttpMethod.Get, $"{collection}{separator}pageSize=100&pageNumber={page}", Idempotent: true), cancellationToken);
            var listing = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            var entities = listing?["entities"]?.AsArray() ?? [];
            foreach (var entity in entities)
            {
                if (entity?["name"]?.GetValue<string>() == name && entity["id"]?.GetValue<string>() is { } id)
                {
                    return id;
                }
            }

            var pageCount = listing?["pageCount"]?.GetValue<int>() ?? 1;
            if (entities.Count == 0 || page >= pageCount)
            {
                return null;
            }
        }

        return null;
    }

    private async Task<string> CreateAsync(string collection, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await transport.SendAsync(http,
            new GenesysRequest(HttpMethod.Post, collection, Idempotent: false, JsonSerializer.SerializeToUtf8Bytes(body)), cancellationToken);
        var created = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return created?["id"]?.GetValue<string>() ?? throw new GenesysApiException((int)response.StatusCode, null, GenesysTransport.CorrelationId(response));
    }

    public static string? StatusOf(JsonObject campaign) => campaign["campaignStatus"]?.GetValue<string>();
}
