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
public sealed partial class GenesysClient(HttpClient http, GenesysTransport transport, GenesysMetrics metrics, IOptions<GenesysOptions> options,
    ILogger<GenesysClient> logger)
{
    private const string Outbound = "api/v2/outbound";
    private const int MaxPageSize = 100;
    private static readonly GenesysJsonContext Json = GenesysJsonContext.Default;

    public int BatchSize => options.Value.BatchSize;

    /// <summary>Requests, 429s, 5xx and the circuit state, for the progress view.</summary>
    public GenesysCounters Counters => metrics.Snapshot();

    // ---- contact lists ----------------------------------------------------------------------------------------------

    /// <summary>The list named <c>definition.Name</c>, created only when Genesys has none by that name.</summary>
    public Task<ContactList> EnsureContactListAsync(ContactList definition, CancellationToken cancellationToken = default) =>
        EnsureAsync("contact list", $"{Outbound}/contactlists", definition.Name!, definition, Json.ContactList,
            Json.EntityListingContactList, c => c.Name, c => c.Id, cancellationToken);

    /// <summary>One contact with what Genesys did with it (<c>latestSmsEvaluations</c>, <c>latestEmailEvaluations</c>,
    /// <c>callRecords</c>); null when the list or the contact does not exist.</summary>
    public async Task<DialerContact?> GetContactAsync(string contactListId, string contactId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync($"{Outbound}/contactlists/{Escape(contactListId)}/contacts/{Escape(contactId)}", Json.DialerContact, cancellationToken);
        }
        catch (GenesysApiException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

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
    /// Sent with <c>doNotQueue=true</c>: with <c>false</c>, Genesys re-queues an updated contact and a running campaign
    /// messages that person again, so a re-posted batch would notify twice.
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
            $"{Outbound}/contactlists/{Escape(contactListId)}/contacts?priority=false&clearSystemData=false&doNotQueue=true",
            idempotent: true, body, Json.ListDialerContact);
        using var response = await transport.SendAsync(http, request, cancellationToken);
        var added = await response.Content.ReadFromJsonAsync(Json.ListDialerContact, cancellationToken) ?? [];
        Log.ContactsAdded(logger, added.Count, contactListId, GenesysTransport.CorrelationId(response));
        return added;
    }

    // ---- messaging (SMS and email) campaigns ------------------------------------------------------------------------

    /// <summary>
    /// The messaging campaign named <c>definition.Name</c>, created when there is none. An email campaign needs
    /// <c>emailConfig.fromAddress.domain</c> and <c>emailConfig.contentTemplate</c> (Genesys refuses it otherwise).
    /// </summary>
    public Task<MessagingCampaign> EnsureMessagingCampaignAsync(MessagingCampaign definition, CancellationToken cancellationToken = default)
    {
        if (definition.EmailConfig is { } email)
        {
            if (string.IsNullOrEmpty(email.FromAddress?.Domain?.Id))
            {
                throw new ArgumentException("An email campaign needs emailConfig.fromAddress.domain (a verified outbound domain).", nameof(definition));
            }

            if (string.IsNullOrEmpty(email.ContentTemplate?.Id))
            {
                throw new ArgumentException("An email campaign needs emailConfig.contentTemplate (see EnsureEmailContentTemplateAsync).", nameof(definition));
            }
        }

        // The messaging campaign listing has no filterType: its name filter is a prefix match, so page and compare.
        return EnsureAsync("messaging campaign", $"{Outbound}/messagingcampaigns", definition.Name!, definition, Json.MessagingCampaign,
            Json.EntityListingMessagingCampaign, c => c.Name, c => c.Id, cancellationToken, exactFilter: false);
    }

    public Task<MessagingCampaign> GetMessagingCampaignAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync($"{Outbound}/messagingcampaigns/{Escape(id)}", Json.MessagingCampaign, cancellationToken);

    /// <summary>
    /// PUTs the whole campaign carrying the <c>version</c> it was read with; Genesys answers 409 (a
    /// <see cref="GenesysApiException"/> with <c>Status</c> 409) when it changed since: read it again and reapply.
    /// </summary>
    public Task<MessagingCampaign> UpdateMessagingCampaignAsync(MessagingCampaign campaign, CancellationToken cancellationToken = default) =>
        PutAsync($"{Outbound}/messagingcampaigns/{Escape(Required(campaign.Id))}", campaign, campaign.Version, Json.MessagingCampaign, cancellationToken);

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

    public Task<Campaign> GetVoiceCampaignAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync($"{Outbound}/campaigns/{Escape(id)}", Json.Campaign, cancellationToken);

    /// <summary>PUT with the entity's <c>version</c>; a stale one is a 409 <see cref="GenesysApiException"/>.</summary>
    public Task<Campaign> UpdateVoiceCampaignAsync(Campaign campaign, CancellationToken cancellationToken = default) =>
        PutAsync($"{Outbound}/campaigns/{Escape(Required(campaign.Id))}", campaign, campaign.Version, Json.Campaign, cancellationToken);

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
        JsonTypeInfo<EntityListing<T>> listingInfo, Func<T, string?> nameOf, Func<T, string?> idOf, CancellationToken cancellationToken,
        bool exactFilter = true)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var query = $"name={Uri.EscapeDataString(name)}" + (exactFilter ? "&filterType=Equals" : "");
        if (await FindByNameAsync(collection, query, name, listingInfo, nameOf, cancellationToken) is { } existing)
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

    /// <summary>
    /// The entity whose name is exactly <paramref name="name"/>, paging through every page of <paramref name="collection"/>
    /// (at most 100 a page): a name filter may match by prefix, so "Wave 1 (old)" comes back for "Wave 1" and is skipped.
    /// </summary>
    private async Task<T?> FindByNameAsync<T>(string collection, string? query, string name, JsonTypeInfo<EntityListing<T>> listingInfo,
        Func<T, string?> nameOf, CancellationToken cancellationToken)
        where T : class
    {
        var separator = collection.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        for (var page = 1; ; page++)
        {
            var path = $"{collection}{separator}{(query is null ? "" : query + "&")}pageSize={MaxPageSize}&pageNumber={page}";
            var listing = await GetAsync(path, listingInfo, cancellationToken);
            var entities = listing.Entities ?? [];
            if (entities.FirstOrDefault(e => string.Equals(nameOf(e), name, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            if (entities.Count == 0 || page >= (listing.PageCount ?? 1))
            {
                return null;
            }
        }
    }

    private async Task<T> PutAsync<T>(string path, T entity, int? version, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        if (version is null)
        {
            throw new ArgumentException("An update must carry the version it was read with; Genesys refuses a PUT without it.", nameof(entity));
        }

        // Not retried automatically: a retry after a lost success would be stale (409) and hide that the first one landed.
        using var response = await transport.SendAsync(http, GenesysRequest.Json(HttpMethod.Put, path, idempotent: false, entity, typeInfo),
            cancellationToken);
        return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken)
               ?? throw new GenesysApiException((int)response.StatusCode, null, GenesysTransport.CorrelationId(response));
    }

    private static string Required(string? id) =>
        string.IsNullOrEmpty(id) ? throw new ArgumentException("The entity has no id; read it from Genesys first.") : id;

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
