using System.Net;
using System.Text.Json;
using BreachConsole.Core.Genesys;
using Microsoft.EntityFrameworkCore;
using static BreachConsole.Tests.Genesys.GenesysClientContractTests;

namespace BreachConsole.Tests.Genesys;

/// <summary>
/// The Genesys semantics that decide exactly-once (../shared/docs/genesys-cloud.md), through the real client and the
/// real sandbox over HTTP. Each would pass on a sandbox that is kinder than Genesys, and must not.
/// </summary>
public sealed class SandboxFidelityTests
{
    [Fact]
    public async Task AddContacts_RepostedWithDoNotQueueFalse_MessagesEveryoneAgain()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var (list, batch, _) = await RunningCampaignAsync(sandbox, "requeue", alwaysRunning: true);

        var body = JsonSerializer.Serialize(batch, GenesysJsonContext.Default.ListDialerContact);
        using var reposted = await sandbox.RawAsync(HttpMethod.Post,
            $"api/v2/outbound/contactlists/{list.Id}/contacts?priority=false&clearSystemData=false&doNotQueue=false", body);
        await sandbox.DeliverOneSecondAsync();

        Assert.Equal(HttpStatusCode.OK, reposted.StatusCode);
        var stats = await sandbox.StatsAsync();
        Assert.Equal(10, stats.MessagesDelivered);
        Assert.Equal(5, stats.DuplicateDeliveries);
        Assert.Equal(5, stats.ContactsReceived);
    }

    [Fact]
    public async Task AddContacts_RepostedByTheClient_DoNotQueueTrueMessagesNobodyAgain()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var (list, batch, _) = await RunningCampaignAsync(sandbox, "no-requeue", alwaysRunning: true);

        await sandbox.Client.AddContactsAsync(list.Id!, batch);
        var added = GenesysClientContractTests.Contacts(list.Id!, 7, "no-requeue").Skip(5).ToList();
        await sandbox.Client.AddContactsAsync(list.Id!, added);
        await sandbox.DeliverOneSecondAsync();

        var stats = await sandbox.StatsAsync();
        Assert.Equal(7, stats.MessagesDelivered);
        Assert.Equal(0, stats.DuplicateDeliveries);
    }

    [Theory]
    [InlineData(false, CampaignStatus.Complete, 5)]
    [InlineData(true, CampaignStatus.On, 8)]
    public async Task Campaign_ListExhaustedThenContactsAdded_CompletesUnlessAlwaysRunning(bool alwaysRunning, string status, long messaged)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var (list, _, campaign) = await RunningCampaignAsync(sandbox, "exhausted", alwaysRunning);
        var statusWhenExhausted = (await sandbox.Client.GetMessagingCampaignAsync(campaign.Id!)).CampaignStatus;

        await sandbox.Client.AddContactsAsync(list.Id!, GenesysClientContractTests.Contacts(list.Id!, 8, "exhausted").Skip(5).ToList());
        await sandbox.DeliverOneSecondAsync();

        Assert.Equal(status, statusWhenExhausted);
        Assert.Equal(status, (await sandbox.Client.GetMessagingCampaignAsync(campaign.Id!)).CampaignStatus);
        Assert.Equal(messaged, (await sandbox.Client.GetMessagingCampaignProgressAsync(campaign.Id!)).NumberOfContactsMessaged);
        Assert.Equal(0, (await sandbox.StatsAsync()).DuplicateDeliveries);
    }

    [Fact]
    public async Task Campaign_CompleteThenStartedAgain_RecyclesTheWholeList()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var (_, _, campaign) = await RunningCampaignAsync(sandbox, "recycled", alwaysRunning: false);

        await sandbox.Client.StartMessagingCampaignAsync(campaign.Id!);
        await sandbox.DeliverOneSecondAsync();

        var stats = await sandbox.StatsAsync();
        Assert.Equal(10, stats.MessagesDelivered);
        Assert.Equal(5, stats.DuplicateDeliveries);
        Assert.Equal(CampaignStatus.Complete, (await sandbox.Client.GetMessagingCampaignAsync(campaign.Id!)).CampaignStatus);
    }

    [Fact]
    public async Task UpdateCampaign_StaleVersion_Is409AndEachUpdateBumpsTheVersion()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var client = sandbox.Client;
        var list = await client.EnsureContactListAsync(SmsList("versioned"));
        var created = await client.EnsureMessagingCampaignAsync(SmsCampaign("versioned", list.Id!) with { AlwaysRunning = true });
        var read = await client.GetMessagingCampaignAsync(created.Id!);

        var updated = await client.UpdateMessagingCampaignAsync(read with { AlwaysRunning = false });
        var stale = await Assert.ThrowsAsync<GenesysApiException>(() => client.UpdateMessagingCampaignAsync(read with { MessagesPerMinute = 10 }));

        Assert.Equal(read.Version + 1, updated.Version);
        Assert.False(updated.AlwaysRunning);
        Assert.Equal(409, stale.Status);
        Assert.Equal(1000, (await client.GetMessagingCampaignAsync(created.Id!)).MessagesPerMinute);
    }

    [Fact]
    public async Task UpdateVoiceCampaign_StaleVersion_Is409()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var list = await sandbox.Client.EnsureContactListAsync(SmsList("voice-versioned"));
        var read = await sandbox.Client.GetVoiceCampaignAsync((await sandbox.Client.EnsureVoiceCampaignAsync(Voice("voice-versioned", list.Id!))).Id!);

        var updated = await sandbox.Client.UpdateVoiceCampaignAsync(read with { AlwaysRunning = true });
        var stale = await Assert.ThrowsAsync<GenesysApiException>(() => sandbox.Client.UpdateVoiceCampaignAsync(read));

        Assert.True(updated.AlwaysRunning);
        Assert.Equal(409, stale.Status);
    }

    [Fact]
    public async Task StartMessagingCampaign_SenderNumberServingAnotherRunningCampaign_IsRefusedUntilThatOneStops()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var client = sandbox.Client;
        var list = await client.EnsureContactListAsync(SmsList("sender"));
        var first = await client.EnsureMessagingCampaignAsync(SmsCampaign("sender-en", list.Id!) with { AlwaysRunning = true });
        var second = await client.EnsureMessagingCampaignAsync(SmsCampaign("sender-es", list.Id!) with { AlwaysRunning = true });

        await client.StartMessagingCampaignAsync(first.Id!);
        var refused = await Assert.ThrowsAsync<GenesysApiException>(() => client.StartMessagingCampaignAsync(second.Id!));
        await client.StopMessagingCampaignAsync(first.Id!);
        await client.StartMessagingCampaignAsync(second.Id!);

        Assert.Equal(400, refused.Status);
        Assert.Equal(["smsConfig.senderSmsPhoneNumber"], refused.Fields);
        Assert.Equal(CampaignStatus.On, (await client.GetMessagingCampaignAsync(second.Id!)).CampaignStatus);
    }

    [Theory]
    [InlineData("domain", "emailConfig.fromAddress.domain")]
    [InlineData("contentTemplate", "emailConfig.contentTemplate")]
    public async Task CreateEmailCampaign_WithoutDomainOrContentTemplate_IsRefusedNamingIt(string missing, string field)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var list = await sandbox.Client.EnsureContactListAsync(EmailList("email-required"));
        var template = await sandbox.Client.EnsureEmailContentTemplateAsync("email-required");
        var domain = missing == "domain" ? "" : """ "domain": { "id": "example.com" }, """;
        var content = missing == "contentTemplate" ? "" : $$""" "contentTemplate": { "id": "{{template}}" }, """;
        var body = $$"""
            { "name": "email-required", "contactList": { "id": "{{list.Id}}" }, "messagesPerMinute": 100,
              "emailConfig": { "emailColumns": ["email"], {{content}} "fromAddress": { {{domain}} "localPart": "notices" } } }
            """;

        using var refused = await sandbox.RawAsync(HttpMethod.Post, "api/v2/outbound/messagingcampaigns", body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(field, JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("details")[0].GetProperty("fieldName").GetString());
        await Assert.ThrowsAsync<ArgumentException>(() => sandbox.Client.EnsureMessagingCampaignAsync(EmailCampaign("email-required", list.Id!,
            missing == "domain" ? "" : "example.com", missing == "contentTemplate" ? null : template)));
    }

    [Theory]
    [InlineData("callAnalysisResponseSet")]
    [InlineData("outboundLineCount")]
    [InlineData("phoneColumns[0].type")]
    public async Task CreateVoiceCampaign_WithoutAgentlessRequirement_IsRefusedNamingIt(string field)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var list = await sandbox.Client.EnsureContactListAsync(SmsList("voice-required"));
        var campaign = field switch
        {
            "callAnalysisResponseSet" => Voice("voice-required", list.Id!) with { CallAnalysisResponseSet = null },
            "outboundLineCount" => Voice("voice-required", list.Id!) with { OutboundLineCount = null },
            _ => Voice("voice-required", list.Id!) with { PhoneColumns = [new ContactPhoneNumberColumn("phone", null!)] },
        };

        var refused = await Assert.ThrowsAsync<GenesysApiException>(() => sandbox.Client.EnsureVoiceCampaignAsync(campaign));

        Assert.Equal(400, refused.Status);
        Assert.Equal([field], refused.Fields);
    }

    [Fact]
    public async Task Filter_InWithRangeSet_SelectsItsMembers_AndACommaListInValueIsRefused()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var client = sandbox.Client;
        var list = await client.EnsureContactListAsync(SmsList("in") with { ColumnNames = [.. SmsList("in").ColumnNames!, "language"] });
        var contacts = GenesysClientContractTests.Contacts(list.Id!, 6, "in");
        string[] languages = ["es", "fr", "en", "de", "es", "en"];
        for (var i = 0; i < contacts.Count; i++)
        {
            contacts[i].Data!["language"] = languages[i];
        }

        await client.AddContactsAsync(list.Id!, contacts);
        ContactListFilter Filter(string name, ContactListFilterPredicate predicate) => new()
        {
            Name = name, ContactList = new DomainEntityRef(list.Id), FilterType = "AND", Clauses = [new ContactListFilterClause("AND", [predicate])],
        };

        var refused = await Assert.ThrowsAsync<GenesysApiException>(() => client.EnsureContactListFilterAsync(Filter("in-value",
            new ContactListFilterPredicate { Column = "language", ColumnType = "alphabetic", Operator = "IN", Value = "es,fr" })));
        var filter = await client.EnsureContactListFilterAsync(Filter("in-range", new ContactListFilterPredicate
        {
            Column = "language", ColumnType = "alphabetic", Operator = "IN", Range = new ContactListFilterRange { InSet = ["es", "fr"] },
        }));
        var campaign = await client.EnsureMessagingCampaignAsync(SmsCampaign("in", list.Id!) with { ContactListFilters = [new DomainEntityRef(filter.Id)] });
        await client.StartMessagingCampaignAsync(campaign.Id!);
        await sandbox.DeliverOneSecondAsync();

        Assert.Equal(["clauses[0].predicates[0].range.inSet"], refused.Fields);
        Assert.Equal(3, (await client.GetMessagingCampaignProgressAsync(campaign.Id!)).NumberOfContactsMessaged);
    }

    [Fact]
    public async Task Filter_BetweenWithRangeBounds_SelectsTheInclusiveRange()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var client = sandbox.Client;
        var list = await client.EnsureContactListAsync(SmsList("between") with { ColumnNames = [.. SmsList("between").ColumnNames!, "age"] });
        var contacts = GenesysClientContractTests.Contacts(list.Id!, 6, "between");
        for (var i = 0; i < contacts.Count; i++)
        {
            contacts[i].Data!["age"] = (15 + (i * 5)).ToString(System.Globalization.CultureInfo.InvariantCulture); // 15 … 40
        }

        await client.AddContactsAsync(list.Id!, contacts);
        var filter = await client.EnsureContactListFilterAsync(new ContactListFilter
        {
            Name = "between",
            ContactList = new DomainEntityRef(list.Id),
            FilterType = "AND",
            Clauses = [new ContactListFilterClause("AND", [new ContactListFilterPredicate
            {
                Column = "age", ColumnType = "numeric", Operator = "BETWEEN", Range = new ContactListFilterRange { Min = "20", Max = "30" },
            }])],
        });
        var campaign = await client.EnsureMessagingCampaignAsync(SmsCampaign("between", list.Id!) with { ContactListFilters = [new DomainEntityRef(filter.Id)] });
        await client.StartMessagingCampaignAsync(campaign.Id!);
        await sandbox.DeliverOneSecondAsync();

        Assert.Equal(3, (await client.GetMessagingCampaignProgressAsync(campaign.Id!)).NumberOfContactsMessaged);
    }

    [Fact]
    public async Task EnsureMessagingCampaign_ExactNameOnPage2BehindPrefixMatches_FindsItInsteadOfCreating()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var list = await sandbox.Client.EnsureContactListAsync(SmsList("wave"));
        for (var i = 0; i < 101; i++)
        {
            var json = JsonSerializer.Serialize(SmsCampaign($"Wave 1 (old) {i:D3}", list.Id!), GenesysJsonContext.Default.MessagingCampaign);
            using var created = await sandbox.RawAsync(HttpMethod.Post, "api/v2/outbound/messagingcampaigns", json);
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var wave = await sandbox.Client.EnsureMessagingCampaignAsync(SmsCampaign("Wave 1", list.Id!));
        var again = await sandbox.Client.EnsureMessagingCampaignAsync(SmsCampaign("Wave 1", list.Id!));

        Assert.Equal("Wave 1", wave.Name);
        Assert.Equal(wave.Id, again.Id);
        Assert.Equal(102, await sandbox.QueryAsync(db => db.Campaigns.CountAsync()));
    }

    [Fact]
    public async Task EnsureContactList_OnlyAPrefixMatchExists_CreatesTheExactOne()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var old = await sandbox.Client.EnsureContactListAsync(SmsList("Wave 1 (old)"));

        var wave = await sandbox.Client.EnsureContactListAsync(SmsList("Wave 1"));
        var again = await sandbox.Client.EnsureContactListAsync(SmsList("Wave 1"));

        Assert.NotEqual(old.Id, wave.Id);
        Assert.Equal(wave.Id, again.Id);
    }

    [Fact]
    public async Task EmailCampaign_ContentTemplate_SendsEachContactsOwnSubjectAndRecordsTheEvaluation()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var client = sandbox.Client;
        var template = await client.EnsureEmailContentTemplateAsync("Breach notice email");
        Assert.Equal(template, await client.EnsureEmailContentTemplateAsync("Breach notice email"));
        var list = await client.EnsureContactListAsync(EmailList("email"));
        var contacts = GenesysClientContractTests.Contacts(list.Id!, 2, "email");
        contacts[0].Data![GenesysClient.EmailSubjectColumn] = "Important: your account";
        contacts[0].Data![GenesysClient.EmailBodyColumn] = "<p>Hello</p>";
        contacts[1].Data![GenesysClient.EmailSubjectColumn] = "Importante: su cuenta";
        contacts[1].Data![GenesysClient.EmailBodyColumn] = "<p>Hola</p>";
        await client.AddContactsAsync(list.Id!, contacts);
        var campaign = await client.EnsureMessagingCampaignAsync(EmailCampaign("email", list.Id!, "example.com", template));

        await client.StartMessagingCampaignAsync(campaign.Id!);
        await sandbox.DeliverOneSecondAsync();

        var subjects = await sandbox.QueryAsync(db => db.Deliveries.Where(d => d.Channel == "email").OrderBy(d => d.Sequence).Select(d => d.Subject).ToListAsync());
        Assert.Equal(["Important: your account", "Importante: su cuenta"], subjects);
        var evaluation = (await client.GetContactAsync(list.Id!, contacts[1].Id!))!.LatestEmailEvaluations!["email"];
        Assert.Equal("c1@example.com", evaluation.ContactAddress);
        Assert.NotNull(evaluation.Timestamp);
        Assert.Null(await client.GetContactAsync(list.Id!, "no-such-contact"));
    }

    /// <summary>A list of five contacts and a started SMS campaign over it, delivered once.</summary>
    private static async Task<(ContactList List, List<DialerContact> Batch, MessagingCampaign Campaign)> RunningCampaignAsync(SandboxServer sandbox,
        string name, bool alwaysRunning)
    {
        var list = await sandbox.Client.EnsureContactListAsync(SmsList(name));
        var batch = GenesysClientContractTests.Contacts(list.Id!, 5, name);
        await sandbox.Client.AddContactsAsync(list.Id!, batch);
        var campaign = await sandbox.Client.EnsureMessagingCampaignAsync(SmsCampaign(name, list.Id!) with { AlwaysRunning = alwaysRunning });
        await sandbox.Client.StartMessagingCampaignAsync(campaign.Id!);
        Assert.Equal(5, await sandbox.DeliverOneSecondAsync());
        return (list, batch, campaign);
    }

    private static ContactList EmailList(string name) => SmsList(name) with
    {
        ColumnNames = [.. SmsList(name).ColumnNames!, GenesysClient.EmailSubjectColumn, GenesysClient.EmailBodyColumn],
    };

    private static MessagingCampaign EmailCampaign(string name, string listId, string domain, string? template) => new()
    {
        Name = name,
        ContactList = new DomainEntityRef(listId),
        MessagesPerMinute = 1000,
        EmailConfig = new EmailConfig(["email"], template is null ? null : new DomainEntityRef(template), new FromEmailAddress(new DomainEntityRef(domain))),
    };

    internal static Campaign Voice(string name, string listId) => new()
    {
        Name = name,
        ContactList = new DomainEntityRef(listId),
        PhoneColumns = [new ContactPhoneNumberColumn("phone", "cell")],
        CallerName = "Example Bank",
        CallerAddress = "+15550000000",
        OutboundLineCount = 10,
        EdgeGroup = new DomainEntityRef("edge-group-1"),
        CallAnalysisResponseSet = new DomainEntityRef("cars-1"),
    };
}
