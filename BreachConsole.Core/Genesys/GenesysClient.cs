using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Genesys;

/// <summary>
/// The Genesys Cloud Outbound API as the product uses it (../shared/docs/genesys-cloud.md). A typed
/// <see cref="HttpClient"/>; pacing, retries, the breaker and the token live in the shared <see cref="GenesysTransport"/>.
/// Every method either succeeds, throws <see cref="GenesysRetryLaterException"/> (hand the work back with its not-before
/// time) or throws <see cref="GenesysApiException"/> (Genesys refused it; the message names the field when Genesys did).
/// </summary>
public sealed class GenesysClient(HttpClient http, GenesysTransport transport, GenesysMetrics metrics, IOptions<GenesysOptions> options,
    ILogger<GenesysClient> logger)
{
    private const string Outbound = "api/v2/outbound";
    private static readonly GenesysJsonContext Json = GenesysJsonContext.Default;

    public int BatchSize => options.Value.BatchSize;

    /// <summary>Requests, 429s, 5xx and the circuit state, for the progress view.</summary>
    public GenesysCounters Counters => metrics.Snapshot();

    // ---- contact lists ----------------------------------------------------------------------------------------------

    /// <summary>The list named <c>definition.Name</c>, created only when Genesys has none by that name.</summary>
    public Task<ContactList> EnsureContactListAsync(ContactList definition, CancellationToken cancellationToken = default) =>
        EnsureAsync("contact list", $"{Outbound}/contactlists", definition.Name!, definition, Json.ContactList,
            Json.EntityListingContactList, c => c.Name, c => c.Id, cancellationToken);

    public async Task DeleteContactListAsync(string contactListId, CancellationToken cancellationToken = default)
    {
        try
        {
            using var _ = await transport.SendAsync(http, new GenesysRequest(HttpMethod.Delete, $"{Outbound}/contactlists/{Escape(contactListId)}", Idempotent: true), cancellationToken);
        }
        catch (GenesysApiException ex) when (ex.Status == 404)
        {
            // Already gone: deleting is done.
        }
    }

    /// <summary>
    /// Adds or updates one batch (at most <c>Genesys:BatchSize</c>) of contacts. Each contact must carry its deterministic
    /// <see cref="GenesysContactIds">id</see>, which makes the request idempotent: posted again, it updates, it does not add.
    /// </summary>
    public async Task<IReadOnlyList<DialerContact>> AddContactsAsync(string contactListId, IReadOnlyList<DialerContact> batch,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch.Count, BatchSize, nameof(batch));
        if (batch.Any(c => string.IsNullOrEmpty(c.Id)))
        {
            throw new ArgumentException("Every contact needs its deterministic id; without it a retried batch would add duplicates.", nameof(batch));
        }

        var body = batch.Select(c => c with { ContactListId = contactListId }).ToList();
        var request = GenesysRequest.Json(HttpMethod.Post,
            $"{Outbound}/contactlists/{Escape(contactListId)}/contacts?priority=false&clearSystemData=false&doNotQueue=false",
            idempotent: true, body, Json.ListDialerContact);
        using var response = await transport.SendAsync(http, request, cancellationToken);
        var added = await response.Content.ReadFromJsonAsync(Json.ListDialerContact, cancellationToken) ?? [];
        Log.ContactsAdded(logger, added.Count, contactListId, GenesysTransport.CorrelationId(response));
        return added;
    }

    /// <summary>Cuts contacts into batches of <c>Genesys:BatchSize</c>, the unit of work handed back on a retryable failure.</summary>

    // ---- messaging (SMS and email) campaigns ------------------------------------------------------------------------

    public Task<MessagingCampaign> EnsureMessagingCampaignAsync(MessagingCampaign definition, CancellationToken cancellationToken = default) =>
        EnsureAsync("messaging campaign", $"{Outbound}/messagingcampaigns", definition.Name!, definition, Json.MessagingCampaign,
            Json.EntityListingMessagingCampaign, c => c.Name, c => c.Id, cancellationToken);

    public Task StartMessagingCampaignAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync($"{Outbound}/messagingcampaigns/{Escape(id)}/start", cancellationToken);

    public Task StopMessagingCampaignAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync($"{Outbound}/messagingcampaigns/{Escape(id)}/stop", cancellationToken);

    public Task<CampaignProgress> GetMessagingCampaignProgressAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync($"{Outbound}/messagingcampaigns/{Escape(id)}/progress", Json.CampaignProgress, cancellationToken);

    // ---- agentless voice campaigns ----------------------------------------------------------------------------------

    public Task<Campaign> EnsureVoiceCampaignAsync(Campaign definition, CancellationToken cancellationToken = default) =>
        EnsureAsync("voice campaign", $"{Outbound}/campaigns", definition.Name!, definition with { DialingMode = "agentless" },
            Json.Campaign, Json.EntityListingCampaign, c => c.Name, c => c.Id, cancellationToken);

    public Task StartVoiceCampaignAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync($"{Outbound}/campaigns/{Escape(id)}/start", cancellationToken);

    public Task StopVoiceCampaignAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync($"{Outbound}/campaigns/{Escape(id)}/stop", cancellationToken);

    public Task<CampaignProgress> GetVoiceCampaignProgressAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync($"{Outbound}/campaigns/{Escape(id)}/progress", Json.CampaignProgress, cancellationToken);

    // ---- do-not-contact lists and filters ---------------------------------------------------------------------------

    public Task<DncList> EnsureDncListAsync(string name, string contactMethod, CancellationToken cancellationToken = default) =>
        EnsureAsync("DNC list", $"{Outbound}/dnclists", name,
            new DncList { Name = name, DncSourceType = "rds", ContactMethod = contactMethod }, Json.DncList,
            Json.EntityListingDncList, c => c.Name, c => c.Id, cancellationToken);

    /// <summary>Adds phone numbers (E.164) to a DNC list; a number already there stays once.</summary>
    public Task AddDncPhoneNumbersAsync(string dncListId, IReadOnlyList<string> phoneNumbers, CancellationToken cancellationToken = default) =>
        PostAsync($"{Outbound}/dnclists/{Escape(dncListId)}/phonenumbers", cancellationToken, phoneNumbers.ToList());

    public Task AddDncEmailAddressesAsync(string dncListId, IReadOnlyList<string> emailAddresses, CancellationToken cancellationToken = default) =>
        PostAsync($"{Outbound}/dnclists/{Escape(dncListId)}/emailaddresses", cancellationToken, emailAddresses.ToList());

    public Task<ContactListFilter> EnsureContactListFilterAsync(ContactListFilter definition, CancellationToken cancellationToken = default) =>
        EnsureAsync("contact list filter", $"{Outbound}/contactlistfilters", definition.Name!, definition, Json.ContactListFilter,
            Json.EntityListingContactListFilter, c => c.Name, c => c.Id, cancellationToken);

    // ---- one-off test sends ("send to myself") ----------------------------------------------------------------------

    /// <summary>One agentless SMS. Not retried automatically: a second attempt would be a second message.</summary>
    public async Task<SendAgentlessOutboundMessageResponse> SendTestSmsAsync(string fromAddress, string toAddress, string textBody,
        CancellationToken cancellationToken = default)
    {
        var request = GenesysRequest.Json(HttpMethod.Post, "api/v2/conversations/messages/agentless", idempotent: false,
            new SendAgentlessOutboundMessageRequest { FromAddress = fromAddress, ToAddress = toAddress, ToAddressMessengerType = "sms", TextBody = textBody },
            Json.SendAgentlessOutboundMessageRequest);
        using var response = await transport.SendAsync(http, request, cancellationToken);
        var sent = await response.Content.ReadFromJsonAsync(Json.SendAgentlessOutboundMessageResponse, cancellationToken)
                   ?? new SendAgentlessOutboundMessageResponse();
        Log.TestSent(logger, "sms", sent.ConversationId, GenesysTransport.CorrelationId(response));
        return sent;
    }

    /// <summary>One agentless email. Not retried automatically.</summary>
    public async Task<AgentlessEmailSendResponseDto> SendTestEmailAsync(EmailAddress from, EmailAddress to, string subject, string textBody,
        CancellationToken cancellationToken = default)
    {
        var request = GenesysRequest.Json(HttpMethod.Post, "api/v2/conversations/emails/agentless", idempotent: false,
            new AgentlessEmailSendRequestDto { SenderType = "Outbound", FromAddress = from, ToAddresses = [to], Subject = subject, TextBody = textBody },
            Json.AgentlessEmailSendRequestDto);
        using var response = await transport.SendAsync(http, request, cancellationToken);
        var sent = await response.Content.ReadFromJsonAsync(Json.AgentlessEmailSendResponseDto, cancellationToken)
                   ?? new AgentlessEmailSendResponseDto();
        Log.TestSent(logger, "email", sent.ConversationId, GenesysTransport.CorrelationId(response));
        return sent;
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// Creating is not idempotent in Genesys (no idempotency key; a second POST makes a second campaign), so the create is
    /// never retried blindly: look the entity up by name first, create only when it is not there. A caller that gets the
    /// create handed back runs this again, and the lookup finds what the lost answer had created.
    /// </summary>
    private async Task<T> EnsureAsync<T>(string kind, string collection, string name, T definition, JsonTypeInfo<T> typeInfo,
        JsonTypeInfo<EntityListing<T>> listingInfo, Func<T, string?> nameOf, Func<T, string?> idOf, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var listing = await GetAsync($"{collection}?name={Uri.EscapeDataString(name)}&pageSize=100", listingInfo, cancellationToken);
        if ((listing.Entities ?? []).FirstOrDefault(e => string.Equals(nameOf(e), name, StringComparison.Ordinal)) is { } existing)
        {
            Log.Found(logger, kind, name, idOf(existing) ?? "");
            return existing;
        }

        using var response = await transport.SendAsync(http, GenesysRequest.Json(HttpMethod.Post, collection, idempotent: false, definition, typeInfo),
            cancellationToken);
        var created = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken)
                      ?? throw new GenesysApiException((int)response.StatusCode, null, GenesysTransport.CorrelationId(response));
        Log.Created(logger, kind, name, idOf(created) ?? "", GenesysTransport.CorrelationId(response));
        return created;
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await transport.SendAsync(http, new GenesysRequest(HttpMethod.Get, path, Idempotent: true), cancellationToken);
        return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken)
               ?? throw new GenesysApiException((int)response.StatusCode, null, GenesysTransport.CorrelationId(response));
    }

    private async Task PostAsync(string path, CancellationToken cancellationToken, List<string>? body = null)
    {
        var request = body is null
            ? new GenesysRequest(HttpMethod.Post, path, Idempotent: true)
            : GenesysRequest.Json(HttpMethod.Post, path, idempotent: true, body, Json.ListString);
        using var _ = await transport.SendAsync(http, request, cancellationToken);
    }

    private static string Escape(string id) => Uri.EscapeDataString(id);
}
