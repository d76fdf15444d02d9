using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Genesys;
using Microsoft.Extensions.Time.Testing;

namespace BreachConsole.Tests.Genesys;

/// <summary>
/// The real client against the real sandbox over HTTP on loopback: the wire format, OAuth, idempotent contact batches,
/// campaign lifecycles and Genesys-style refusals.
/// </summary>
public sealed class GenesysClientContractTests
{
    private static readonly Guid Incident = Guid.Parse("6f1d2c3b-0000-4000-8000-000000000001");

    [Fact]
    public async Task Request_TokenNearExpiry_RenewsBeforeItLapses()
    {
        // One fake clock for both sides: the token lives 600 s; a second before it lapses the client must already hold a
        // new one. Without early renewal it would still send the old one (no second token) or meet a 401.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxServer.StartAsync(new Dictionary<string, string?> { ["Genesys:Sandbox:TokenLifetimeSeconds"] = "600" },
            sandboxTime: clock, clientTime: clock);
        await sandbox.Client.EnsureContactListAsync(SmsList("renewal"));
        Assert.Equal(1, sandbox.State.TokensIssued);

        clock.Advance(TimeSpan.FromSeconds(599));
        await sandbox.Client.EnsureContactListAsync(SmsList("renewal"));

        Assert.Equal(2, sandbox.State.TokensIssued);
        Assert.Equal(0, sandbox.State.Unauthorized);
    }

    [Fact]
    public async Task Request_TokenRevoked_RenewsOnceAndSucceeds()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var list = await sandbox.Client.EnsureContactListAsync(SmsList("revoked"));

        sandbox.State.RevokeAll();
        var again = await sandbox.Client.EnsureContactListAsync(SmsList("revoked"));

        Assert.Equal(list.Id, again.Id);
        Assert.Equal(2, sandbox.State.TokensIssued);
    }

    [Fact]
    public async Task AddContacts_SameBatchPostedTwice_AddsNoContacts()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var list = await sandbox.Client.EnsureContactListAsync(SmsList("twice"));
        var batch = Contacts(list.Id!, 100, "twice");

        var first = await sandbox.Client.AddContactsAsync(list.Id!, batch);
        var second = await sandbox.Client.AddContactsAsync(list.Id!, batch);

        Assert.Equal(batch.Select(c => c.Id), first.Select(c => c.Id));
        Assert.Equal(batch.Select(c => c.Id), second.Select(c => c.Id));
        Assert.Equal(100, (await sandbox.StatsAsync()).ContactsReceived);
    }

    [Fact]
    public async Task MessagingCampaign_StartedAndDelivered_ReachesFullProgressOncePerContact()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var client = sandbox.Client;
        var list = await client.EnsureContactListAsync(SmsList("lifecycle"));
        await client.AddContactsAsync(list.Id!, Contacts(list.Id!, 30, "lifecycle"));
        var campaign = await client.EnsureMessagingCampaignAsync(SmsCampaign("lifecycle", list.Id!));
        Assert.Equal(CampaignStatus.Off, campaign.CampaignStatus);

        await client.StartMessagingCampaignAsync(campaign.Id!);
        await sandbox.DeliverOneSecondAsync();
        var progress = await client.GetMessagingCampaignProgressAsync(campaign.Id!);

        Assert.Equal(100, progress.Percentage);
        Assert.Equal(30, progress.NumberOfContactsMessaged);
        Assert.Equal(30, progress.TotalNumberOfContacts);
        var stats = await sandbox.StatsAsync();
        Assert.Equal(30, stats.MessagesDelivered);
        Assert.Equal(0, stats.DuplicateDeliveries);
        Assert.Equal(CampaignStatus.Complete, (await client.EnsureMessagingCampaignAsync(SmsCampaign("lifecycle", list.Id!))).CampaignStatus);
    }

    [Fact]
    public async Task MessagingCampaign_StoppedHalfway_DeliversNoMoreUntilStarted()
    {
        await using var sandbox = await SandboxServer.StartAsync(new Dictionary<string, string?> { ["Genesys:Sandbox:MessagesPerMinute"] = "600" });
        var client = sandbox.Client;
        var list = await client.EnsureContactListAsync(SmsList("paced"));
        await client.AddContactsAsync(list.Id!, Contacts(list.Id!, 20, "paced"));
        var campaign = await client.EnsureMessagingCampaignAsync(SmsCampaign("paced", list.Id!));

        await client.StartMessagingCampaignAsync(campaign.Id!);
        await sandbox.DeliverOneSecondAsync();
        await client.StopMessagingCampaignAsync(campaign.Id!);
        await sandbox.DeliverOneSecondAsync();
        var stopped = await client.GetMessagingCampaignProgressAsync(campaign.Id!);
        await client.StartMessagingCampaignAsync(campaign.Id!);
        await sandbox.DeliverOneSecondAsync();
        var resumed = await client.GetMessagingCampaignProgressAsync(campaign.Id!);

        Assert.Equal(10, stopped.NumberOfContactsMessaged);
        Assert.Equal(50, stopped.Percentage);
        Assert.Equal(20, resumed.NumberOfContactsMessaged);
        Assert.Equal(100, resumed.Percentage);
    }

    [Fact]
    public async Task VoiceCampaign_AgentlessStarted_ReachesFullProgressAndSkipsDnc()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var client = sandbox.Client;
        var list = await client.EnsureContactListAsync(SmsList("voice"));
        var contacts = Contacts(list.Id!, 10, "voice");
        await client.AddContactsAsync(list.Id!, contacts);
        var dnc = await client.EnsureDncListAsync("voice-dnc", "Phone");
        await client.AddDncPhoneNumbersAsync(dnc.Id!, [contacts[0].Data!["phone"]]);
        var campaign = await client.EnsureVoiceCampaignAsync(new Campaign
        {
            Name = "voice",
            ContactList = new DomainEntityRef(list.Id),
            PhoneColumns = [new ContactPhoneNumberColumn("phone", "cell")],
            CallerName = "Example Bank",
            CallerAddress = "+15550000000",
            OutboundLineCount = 10,
            EdgeGroup = new DomainEntityRef("edge-group-1"),
            CallAnalysisResponseSet = new DomainEntityRef("cars-1"),
            DncLists = [new DomainEntityRef(dnc.Id)],
        });

        await client.StartVoiceCampaignAsync(campaign.Id!);
        await sandbox.DeliverOneSecondAsync();
        var progress = await client.GetVoiceCampaignProgressAsync(campaign.Id!);

        Assert.Equal("agentless", campaign.DialingMode);
        Assert.Equal(9, progress.NumberOfContactsCalled);
        Assert.Equal(100, progress.Percentage);
        Assert.Equal(1, progress.NumberOfContactsSkipped!["dnc"]);
        Assert.Equal(CampaignStatus.Complete, (await client.GetVoiceCampaignAsync(campaign.Id!)).CampaignStatus);
        var called = await client.GetContactAsync(list.Id!, contacts[1].Id!);
        Assert.NotNull(called!.CallRecords!["phone"].LastAttempt);
        Assert.Null((await client.GetContactAsync(list.Id!, contacts[0].Id!))!.CallRecords);
    }

    [Fact]
    public async Task Deliveries_SameContactKeyInTwoCampaigns_CountAsDuplicates()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var client = sandbox.Client;
        foreach (var (name, sender) in new[] { ("first", "+15550001111"), ("second", "+15550002222") })
        {
            var list = await client.EnsureContactListAsync(SmsList(name));
            // Same customers (same contactKey values), different lists: a second campaign re-notifies them.
            await client.AddContactsAsync(list.Id!, Contacts(list.Id!, 5, "shared"));
            var campaign = await client.EnsureMessagingCampaignAsync(SmsCampaign(name, list.Id!, sender));
            await client.StartMessagingCampaignAsync(campaign.Id!);
        }

        await sandbox.DeliverOneSecondAsync();

        var stats = await sandbox.StatsAsync();
        Assert.Equal(10, stats.MessagesDelivered);
        Assert.Equal(5, stats.DuplicateDeliveries);
    }

    [Fact]
    public async Task Deliveries_OneListSplitByFilters_ReachEachContactOnce()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var client = sandbox.Client;
        var list = await client.EnsureContactListAsync(SmsList("split") with { ColumnNames = [.. SmsList("split").ColumnNames!, "language"] });
        var contacts = Contacts(list.Id!, 10, "split");
        for (var i = 0; i < contacts.Count; i++)
        {
            contacts[i].Data!["language"] = i < 4 ? "es" : "en";
        }

        await client.AddContactsAsync(list.Id!, contacts);
        var delivered = new Dictionary<string, long?>();
        foreach (var (language, inverted) in new[] { ("es", false), ("es", true) })
        {
            var name = inverted ? "split-not-es" : "split-es";
            var filter = await client.EnsureContactListFilterAsync(new ContactListFilter
            {
                Name = name,
                ContactList = new DomainEntityRef(list.Id),
                FilterType = "AND",
                Clauses = [new ContactListFilterClause("AND", [new ContactListFilterPredicate { Column = "language", ColumnType = "alphabetic", Operator = "EQUALS", Value = language, Inverted = inverted }])],
            });
            var campaign = await client.EnsureMessagingCampaignAsync(SmsCampaign(name, list.Id!) with { ContactListFilters = [new DomainEntityRef(filter.Id)] });
            await client.StartMessagingCampaignAsync(campaign.Id!);
            await sandbox.DeliverOneSecondAsync();
            delivered[name] = (await client.GetMessagingCampaignProgressAsync(campaign.Id!)).NumberOfContactsMessaged;
        }

        Assert.Equal(4, delivered["split-es"]);
        Assert.Equal(6, delivered["split-not-es"]);
        var stats = await sandbox.StatsAsync();
        Assert.Equal(10, stats.MessagesDelivered);
        Assert.Equal(0, stats.DuplicateDeliveries);
    }

    [Fact]
    public async Task DeleteContactList_ThenEnsure_CreatesAFreshEmptyList()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var list = await sandbox.Client.EnsureContactListAsync(SmsList("deleted"));
        await sandbox.Client.AddContactsAsync(list.Id!, Contacts(list.Id!, 3, "deleted"));

        await sandbox.Client.DeleteContactListAsync(list.Id!);
        await sandbox.Client.DeleteContactListAsync(list.Id!);
        var fresh = await sandbox.Client.EnsureContactListAsync(SmsList("deleted"));

        Assert.NotEqual(list.Id, fresh.Id);
        Assert.Equal(0, (await sandbox.StatsAsync()).ContactsReceived);
    }

    [Fact]
    public async Task EnsureMessagingCampaign_CalledTwice_CreatesOneCampaign()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var list = await sandbox.Client.EnsureContactListAsync(SmsList("once"));

        var first = await sandbox.Client.EnsureMessagingCampaignAsync(SmsCampaign("once", list.Id!));
        var second = await sandbox.Client.EnsureMessagingCampaignAsync(SmsCampaign("once", list.Id!));

        Assert.Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task CreateCampaign_UnknownColumn_ThrowsErrorNamingTheField()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var list = await sandbox.Client.EnsureContactListAsync(SmsList("unknown-column"));
        var campaign = SmsCampaign("unknown-column", list.Id!) with
        {
            SmsConfig = new SmsConfig("message", "mobile", new SmsPhoneNumberRef("+15550001111")),
        };

        var refused = await Assert.ThrowsAsync<GenesysApiException>(() => sandbox.Client.EnsureMessagingCampaignAsync(campaign));

        Assert.Equal(400, refused.Status);
        Assert.Equal(["smsConfig.phoneColumn"], refused.Fields);
        Assert.Contains("smsConfig.phoneColumn", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCampaign_MissingRequiredField_ThrowsErrorNamingTheField()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var list = await sandbox.Client.EnsureContactListAsync(SmsList("missing"));

        var refused = await Assert.ThrowsAsync<GenesysApiException>(() =>
            sandbox.Client.EnsureMessagingCampaignAsync(SmsCampaign("missing", list.Id!) with { MessagesPerMinute = null }));

        Assert.Equal(400, refused.Status);
        Assert.Equal(["messagesPerMinute"], refused.Fields);
    }

    [Fact]
    public async Task AddContacts_DataNamesUnknownColumn_ThrowsErrorNamingTheColumn()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var list = await sandbox.Client.EnsureContactListAsync(SmsList("bad-data"));
        var contact = Contacts(list.Id!, 1, "bad-data")[0];
        contact.Data!["nickname"] = "x";

        var refused = await Assert.ThrowsAsync<GenesysApiException>(() => sandbox.Client.AddContactsAsync(list.Id!, [contact]));

        Assert.Equal(["[0].data.nickname"], refused.Fields);
        Assert.Equal(0, (await sandbox.StatsAsync()).ContactsReceived);
    }

    [Fact]
    public async Task Request_SandboxReportsLowerAllowance_ClientPacesAtIt()
    {
        await using var sandbox = await SandboxServer.StartAsync(new Dictionary<string, string?> { ["Genesys:Sandbox:RequestsPerMinute"] = "3" },
            clientRequestsPerMinute: 6000);

        await sandbox.Client.EnsureContactListAsync(SmsList("limited"));

        Assert.Equal(3, sandbox.ClientGate.RequestsPerMinute);
        Assert.Equal(3, sandbox.ClientMetrics.Snapshot().RequestsPerMinute);
    }

    [Fact]
    public async Task Request_SandboxAnswers429_HandsBackNotBeforeFromRetryAfter()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxServer.StartAsync(new Dictionary<string, string?> { ["Genesys:Sandbox:RateLimitRate"] = "1" },
            clientTime: clock);

        var limited = await Assert.ThrowsAsync<GenesysRetryLaterException>(() => sandbox.Client.EnsureContactListAsync(SmsList("limited")));

        Assert.Equal(RetryReason.RateLimited, limited.Reason);
        Assert.Equal(clock.GetUtcNow().AddSeconds(1), limited.NotBefore);
        Assert.Equal(1, sandbox.ClientMetrics.Snapshot().RateLimited);
        Assert.Equal(1, (await sandbox.StatsAsync()).RateLimited);
    }

    [Fact]
    public async Task SendTestSms_ToOperator_IsDeliveredOnceAndNeverDuplicate()
    {
        await using var sandbox = await SandboxServer.StartAsync();

        var sent = await sandbox.Client.SendTestSmsAsync("+15550001111", "+15551234567", "Test notice");
        var mail = await sandbox.Client.SendTestEmailAsync(new EmailAddress("notices@example.com"), new EmailAddress("ops@example.com"), "Test", "Body");

        Assert.False(string.IsNullOrEmpty(sent.ConversationId));
        Assert.False(string.IsNullOrEmpty(mail.ConversationId));
        var stats = await sandbox.StatsAsync();
        Assert.Equal(2, stats.MessagesDelivered);
        Assert.Equal(0, stats.DuplicateDeliveries);
    }

    [Fact]
    public async Task Token_WrongClientSecret_IsRefusedAsApiError()
    {
        await using var sandbox = await SandboxServer.StartAsync(new Dictionary<string, string?> { ["Genesys:Sandbox:ClientSecret"] = "another-secret" });

        var refused = await Assert.ThrowsAsync<GenesysApiException>(() => sandbox.Client.EnsureContactListAsync(SmsList("denied")));

        Assert.Equal(401, refused.Status);
    }

    internal static ContactList SmsList(string name) => new()
    {
        Name = name,
        ColumnNames = [GenesysContactIds.ContactKeyColumn, "phone", "email", "message"],
        PhoneColumns = [new ContactPhoneNumberColumn("phone", "cell")],
        EmailColumns = [new EmailColumn("email", "personal")],
    };

    internal static MessagingCampaign SmsCampaign(string name, string listId, string sender = "+15550001111") => new()
    {
        Name = name,
        ContactList = new DomainEntityRef(listId),
        MessagesPerMinute = 1000,
        SmsConfig = new SmsConfig("message", "phone", new SmsPhoneNumberRef(sender)),
    };

    internal static List<DialerContact> Contacts(string listId, int count, string customerPrefix) =>
    [
        .. Enumerable.Range(0, count).Select(i => new DialerContact
        {
            Id = GenesysContactIds.For(Incident, $"{customerPrefix}-{i}", Channel.Sms),
            ContactListId = listId,
            Data = new Dictionary<string, string>
            {
                [GenesysContactIds.ContactKeyColumn] = $"tok_{customerPrefix}_{i}",
                ["phone"] = $"+1555{i:D7}",
                ["email"] = $"c{i}@example.com",
                ["message"] = "Your data was involved in a breach.",
            },
        }),
    ];
}
