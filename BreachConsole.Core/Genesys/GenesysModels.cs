using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreachConsole.Core.Genesys;

// The wire shapes of the Genesys Cloud endpoints the product uses, named as the real API names them
// (../shared/data/genesys-models.json). Only the fields we send or read are declared; nulls are not written.

public sealed record DomainEntityRef(string? Id, string? Name = null, string? SelfUri = null);

public sealed record ContactPhoneNumberColumn(string ColumnName, string Type);

public sealed record EmailColumn(string ColumnName, string Type);

public sealed record ContactList
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public int? Version { get; init; }
    public List<string>? ColumnNames { get; init; }
    public List<ContactPhoneNumberColumn>? PhoneColumns { get; init; }
    public List<EmailColumn>? EmailColumns { get; init; }
    public DomainEntityRef? Division { get; init; }
    public DomainEntityRef? AttemptLimits { get; init; }
    public long? Size { get; init; }
    public DateTimeOffset? DateCreated { get; init; }
    public string? SelfUri { get; init; }
}

public sealed record DialerContact
{
    public string? Id { get; init; }
    public string? ContactListId { get; init; }
    public Dictionary<string, string>? Data { get; init; }
    /// <summary>Per phone column: the last call attempt and its result (voice campaigns). Read-only: never sent.</summary>
    public Dictionary<string, CallRecord>? CallRecords { get; init; }
    /// <summary>Per phone column: the last SMS sent to it and its wrap-up. Read-only: never sent.</summary>
    public Dictionary<string, MessageEvaluation>? LatestSmsEvaluations { get; init; }
    /// <summary>Per email column: the last email sent to it and its wrap-up. Read-only: never sent.</summary>
    public Dictionary<string, MessageEvaluation>? LatestEmailEvaluations { get; init; }
    public bool? Callable { get; init; }
    public DateTimeOffset? DateCreated { get; init; }
    public string? SelfUri { get; init; }
}

/// <summary>One message sent to a contact's column (SDK <c>MessageEvaluation</c>).</summary>
public sealed record MessageEvaluation
{
    public string? ContactColumn { get; init; }
    public string? ContactAddress { get; init; }
    public string? MessageType { get; init; }
    public string? WrapupCodeId { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
}

/// <summary>The last call attempt to one phone column (SDK <c>CallRecord</c>).</summary>
public sealed record CallRecord
{
    public DateTimeOffset? LastAttempt { get; init; }
    public string? LastResult { get; init; }
}

/// <summary>An error Genesys reports on an entity (SDK <c>RestErrorDetail</c>), e.g. why a campaign is <c>invalid</c>.</summary>
public sealed record RestErrorDetail
{
    public string? Error { get; init; }
    public string? Details { get; init; }
}

public sealed record SmsPhoneNumberRef(string PhoneNumber);

public sealed record SmsConfig(string MessageColumn, string PhoneColumn, SmsPhoneNumberRef SenderSmsPhoneNumber);

/// <summary>The sender of an email campaign: <c>domain</c> (a verified outbound domain) is required, <c>localPart</c> is not.</summary>
public sealed record FromEmailAddress(DomainEntityRef Domain, string? LocalPart = null, string? FriendlyName = null);

/// <summary>
/// An email campaign's addressing and content: the content comes only from <c>contentTemplate</c>, a response-management
/// response of type <c>CampaignEmailTemplate</c> (see <see cref="GenesysClient.EnsureEmailContentTemplateAsync"/>).
/// </summary>
public sealed record EmailConfig(List<string> EmailColumns, DomainEntityRef? ContentTemplate, FromEmailAddress FromAddress);

public static class CampaignStatus
{
    public const string On = "on";
    public const string Off = "off";
    public const string Stopping = "stopping";
    public const string Complete = "complete";
    public const string Invalid = "invalid";
}

public sealed record MessagingCampaign
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public int? Version { get; init; }
    public DomainEntityRef? ContactList { get; init; }
    public int? MessagesPerMinute { get; init; }
    public string? CampaignStatus { get; init; }
    /// <summary>When true, the campaign stays <c>on</c> after its list is exhausted and messages contacts added later.</summary>
    public bool? AlwaysRunning { get; init; }
    public List<DomainEntityRef>? DncLists { get; init; }
    public List<DomainEntityRef>? ContactListFilters { get; init; }
    public SmsConfig? SmsConfig { get; init; }
    public EmailConfig? EmailConfig { get; init; }
    public DomainEntityRef? Division { get; init; }
    public List<RestErrorDetail>? Errors { get; init; }
    public DateTimeOffset? DateCreated { get; init; }
    public DateTimeOffset? DateModified { get; init; }
    public string? SelfUri { get; init; }
}

/// <summary>A voice campaign (<c>/api/v2/outbound/campaigns</c>); the product uses <c>dialingMode: agentless</c> only.</summary>
public sealed record Campaign
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public int? Version { get; init; }
    public string? DialingMode { get; init; }
    public string? CampaignStatus { get; init; }
    public DomainEntityRef? ContactList { get; init; }
    public List<ContactPhoneNumberColumn>? PhoneColumns { get; init; }
    public string? CallerName { get; init; }
    public string? CallerAddress { get; init; }
    public int? OutboundLineCount { get; init; }
    public DomainEntityRef? CallAnalysisResponseSet { get; init; }
    public DomainEntityRef? EdgeGroup { get; init; }
    public DomainEntityRef? Site { get; init; }
    public List<DomainEntityRef>? DncLists { get; init; }
    public List<DomainEntityRef>? ContactListFilters { get; init; }
    /// <summary>When true, the campaign stays <c>on</c> after its list is exhausted and calls contacts added later.</summary>
    public bool? AlwaysRunning { get; init; }
    public DomainEntityRef? Division { get; init; }
    public List<RestErrorDetail>? Errors { get; init; }
    public DateTimeOffset? DateCreated { get; init; }
    public DateTimeOffset? DateModified { get; init; }
    public string? SelfUri { get; init; }
}

public sealed record CampaignProgress
{
    public DomainEntityRef? Campaign { get; init; }
    public DomainEntityRef? ContactList { get; init; }
    public long? NumberOfContactsCalled { get; init; }
    public long? NumberOfContactsMessaged { get; init; }
    public long? TotalNumberOfContacts { get; init; }
    public long? Percentage { get; init; }
    public Dictionary<string, int?>? NumberOfContactsSkipped { get; init; }
}

public sealed record DncList
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public int? Version { get; init; }
    public string? DncSourceType { get; init; }
    public string? ContactMethod { get; init; }
    public long? Size { get; init; }
    public string? SelfUri { get; init; }
}

public sealed record ContactListFilterPredicate
{
    public string? Column { get; init; }
    public string? ColumnType { get; init; }
    public string? Operator { get; init; }
    /// <summary>One value, for every operator but <c>IN</c> and <c>BETWEEN</c>.</summary>
    public string? Value { get; init; }
    /// <summary>The set (<c>IN</c>) or the bounds (<c>BETWEEN</c>); not a comma list in <see cref="Value"/>.</summary>
    public ContactListFilterRange? Range { get; init; }
    public bool? Inverted { get; init; }
}

/// <summary>SDK <c>ContactListFilterRange</c>: <c>inSet</c> for <c>IN</c>; <c>min</c>/<c>max</c> (inclusive or not) for <c>BETWEEN</c>.</summary>
public sealed record ContactListFilterRange
{
    public string? Min { get; init; }
    public string? Max { get; init; }
    public bool? MinInclusive { get; init; }
    public bool? MaxInclusive { get; init; }
    public List<string>? InSet { get; init; }
}

public sealed record ContactListFilterClause(string? FilterType, List<ContactListFilterPredicate>? Predicates);

public sealed record ContactListFilter
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public int? Version { get; init; }
    public string? SourceType { get; init; }
    public string? FilterType { get; init; }
    public DomainEntityRef? ContactList { get; init; }
    public List<ContactListFilterClause>? Clauses { get; init; }
    public string? SelfUri { get; init; }
}

/// <summary>A response-management library (<c>/api/v2/responsemanagement/libraries</c>).</summary>
public sealed record ResponseLibrary
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public int? Version { get; init; }
    public string? SelfUri { get; init; }
}

/// <summary>One text of a response; for <c>CampaignEmailTemplate</c>, <c>type</c> is <c>subject</c> or <c>body</c>.</summary>
public sealed record ResponseText(string Content, string? ContentType = null, string? Type = null);

/// <summary>A <c>{{id}}</c> placeholder of a response's texts; campaign templates fill it from the contact column of that name.</summary>
public sealed record ResponseSubstitution(string Id, string? Description = null, string? DefaultValue = null);

/// <summary>A response-management response (<c>/api/v2/responsemanagement/responses</c>).</summary>
public sealed record Response
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public int? Version { get; init; }
    public List<DomainEntityRef>? Libraries { get; init; }
    public List<ResponseText>? Texts { get; init; }
    public string? InteractionType { get; init; }
    public List<ResponseSubstitution>? Substitutions { get; init; }
    /// <summary><c>MessagingTemplate</c>, <c>CampaignSmsTemplate</c>, <c>CampaignEmailTemplate</c> or <c>Footer</c>.</summary>
    public string? ResponseType { get; init; }
    public string? SelfUri { get; init; }
}

public sealed record EntityListing<T>
{
    public List<T>? Entities { get; init; }
    public int? PageSize { get; init; }
    public int? PageNumber { get; init; }
    public long? Total { get; init; }
    public int? PageCount { get; init; }
}

public sealed record SendAgentlessOutboundMessageRequest
{
    public string? FromAddress { get; init; }
    public string? ToAddress { get; init; }
    public string? ToAddressMessengerType { get; init; }
    public string? TextBody { get; init; }
}

public sealed record SendAgentlessOutboundMessageResponse
{
    public string? Id { get; init; }
    public string? ConversationId { get; init; }
    public string? MessengerType { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
}

public sealed record EmailAddress(string Email, string? Name = null);

public sealed record AgentlessEmailSendRequestDto
{
    public string? SenderType { get; init; }
    public EmailAddress? FromAddress { get; init; }
    public List<EmailAddress>? ToAddresses { get; init; }
    public string? Subject { get; init; }
    public string? TextBody { get; init; }
    public string? HtmlBody { get; init; }
}

public sealed record AgentlessEmailSendResponseDto
{
    public string? Id { get; init; }
    public string? ConversationId { get; init; }
    public string? SenderType { get; init; }
    public DateTimeOffset? DateCreated { get; init; }
}

/// <summary>Genesys's error body: <c>{ message, code, status, messageWithParams, messageParams, contextId, details, errors }</c>.</summary>
public sealed record ErrorBody
{
    public string? Message { get; init; }
    public string? Code { get; init; }
    public int? Status { get; init; }
    public string? MessageWithParams { get; init; }
    public Dictionary<string, string>? MessageParams { get; init; }
    public string? ContextId { get; init; }
    public List<ErrorDetail>? Details { get; init; }
    public List<ErrorBody>? Errors { get; init; }
}

public sealed record ErrorDetail(string? ErrorCode = null, string? FieldName = null, string? EntityId = null, string? EntityName = null);

/// <summary>The OAuth token response (snake_case, as OAuth spells it).</summary>
public sealed record OAuthTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContactList))]
[JsonSerializable(typeof(EntityListing<ContactList>))]
[JsonSerializable(typeof(List<DialerContact>))]
[JsonSerializable(typeof(DialerContact))]
[JsonSerializable(typeof(ResponseLibrary))]
[JsonSerializable(typeof(EntityListing<ResponseLibrary>))]
[JsonSerializable(typeof(Response))]
[JsonSerializable(typeof(EntityListing<Response>))]
[JsonSerializable(typeof(MessagingCampaign))]
[JsonSerializable(typeof(EntityListing<MessagingCampaign>))]
[JsonSerializable(typeof(Campaign))]
[JsonSerializable(typeof(EntityListing<Campaign>))]
[JsonSerializable(typeof(CampaignProgress))]
[JsonSerializable(typeof(DncList))]
[JsonSerializable(typeof(EntityListing<DncList>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(ContactListFilter))]
[JsonSerializable(typeof(EntityListing<ContactListFilter>))]
[JsonSerializable(typeof(SendAgentlessOutboundMessageRequest))]
[JsonSerializable(typeof(SendAgentlessOutboundMessageResponse))]
[JsonSerializable(typeof(AgentlessEmailSendRequestDto))]
[JsonSerializable(typeof(AgentlessEmailSendResponseDto))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(OAuthTokenResponse))]
public sealed partial class GenesysJsonContext : JsonSerializerContext;
