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

    /// <summary>
    /// Turns <c>alwaysRunning</c> on or off: read, change, write with the version just read. Genesys bumps the version on
    /// its own state changes too, so a 409 (stale version) reads again and retries, a few times.
    /// </summary>
    public async Task<JsonObject> SetAlwaysRunningAsync(Channel channel, string id, bool alwaysRunning, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var campaign = await GetAsync(channel, id, cancellationToken);
            if (campaign["alwaysRunning"]?.GetValue<bool>() == alwaysRunning)
            {
                return campaign;
            }

            campaign["alwaysRunning"] = alwaysRunning;
            var body = JsonSerializer.SerializeToUtf8Bytes(campaign);
            try
            {
                using var response = await transport.SendAsync(http,
                    new GenesysRequest(HttpMethod.Put, $"{Outbound}/{PathOf(channel)}/{Uri.EscapeDataString(id)}", Idempotent: true, body), cancellationToken);
                return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? campaign;
            }
            catch (GenesysApiException ex) when (ex.Status == 409 && attempt < 3)
            {
                // Someone (Genesys itself) changed the campaign since we read it: read again.
            }
        }
    }

    public static string? StatusOf(JsonObject campaign) => campaign["campaignStatus"]?.GetValue<string>();
}
