using System.Threading.Channels;
using System.Text.Json;
using System.Text.Json.Nodes;
using BreachConsole.Core.Genesys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static BreachConsole.Sandbox.SandboxJson;

namespace BreachConsole.Sandbox;

/// <summary>
/// "Delivers" running campaigns at <c>Genesys:Sandbox:MessagesPerMinute</c>: once a second (a <see cref="TimeProvider"/>
/// timer, so a fake clock drives it in tests) it takes that second's share of contacts in list order, skips those a filter
/// leaves out, the uncallable, those without an address and those on the campaign's DNC lists, and records a delivery for
/// the rest. A delivery to a <c>contactKey</c> that already had one, from any list or campaign, is a duplicate. A campaign
/// with nothing left is complete unless it is <c>alwaysRunning</c>. Each batch is committed on its own, so a restart (or a
/// client killed mid-request) resumes where the file says it was.
/// </summary>
internal sealed class SandboxDeliveryService(IDbContextFactory<SandboxDbContext> dbFactory, IOptions<GenesysOptions> options, TimeProvider time,
    ILogger<SandboxDeliveryService> logger) : BackgroundService
{
    /// <summary>The wrap-up code the sandbox records on a contact it messaged or called (<c>latestSmsEvaluations</c>, <c>callRecords</c>).</summary>
    public const string DeliveredWrapupCode = "sandbox.delivered";

    private readonly Channel<int> _ticks = Channel.CreateUnbounded<int>();
    private readonly SemaphoreSlim _one = new(1, 1);
    private double _allowance;

    /// <summary>Each timer tick's deliveries, in order, for tests that move a fake clock and wait for the loop's answer.</summary>
    internal ChannelReader<int> Ticks => _ticks.Reader;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // The sandbox's own scratch state, not the product's data: EnsureCreated instead of migrations (see SandboxDbContext).
            await SandboxSchema.EnsureAsync(db, cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    _ticks.Writer.TryWrite(await TickAsync(stoppingToken));
                }
                catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
                {
                    SandboxLog.DeliveryFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public override void Dispose()
    {
        _one.Dispose();
        base.Dispose();
    }

    /// <summary>One second's deliveries. Public to the tests, which call it instead of waiting for the timer.</summary>
    internal async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        // One tick at a time: the timer's and a test's (or a slow one's and the next) must not both deliver the same contacts.
        await _one.WaitAsync(cancellationToken);
        try
        {
            return await TickCoreAsync(cancellationToken);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<int> TickCoreAsync(CancellationToken cancellationToken)
{
        _allowance = Math.Min(_allowance + (options.Value.Sandbox.MessagesPerMinute / 60.0), options.Value.Sandbox.MessagesPerMinute);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var running = await db.Campaigns.Where(c => c.Status == CampaignStatus.On).OrderBy(c => c.CreatedAtMs).ToListAsync(cancellationToken);
        var delivered = 0;
        foreach (var campaign in running)
        {
            if (_allowance < 1)
            {
                break;
            }

            delivered += await DeliverAsync(db, campaign, cancellationToken);
        }

        if (running.Count == 0)
        {
            _allowance = 0;
        }

        return delivered;
    }

    private async Task<int> DeliverAsync(SandboxDbContext db, SandboxCampaign campaign, CancellationToken cancellationToken)
    {
        var body = Parse(campaign.Json);
        var (channel, addressColumns) = Addressing(campaign.Kind, body);
        var dncIds = (Arr(body, "dncLists") ?? []).Select(d => Str(d, "id")).OfType<string>().ToList();
        var filterIds = (Arr(body, "contactListFilters") ?? []).Select(d => Str(d, "id")).OfType<string>().ToList();
        var filters = (await db.Filters.Where(f => filterIds.Contains(f.Id)).ToListAsync(cancellationToken)).Select(f => Parse(f.Json)).ToList();
        var templateId = RefId(Obj(body, "emailConfig"), "contentTemplate");
        var template = templateId is null ? null
            : await db.Responses.FindAsync([templateId], cancellationToken) is { } response ? Parse(response.Json) : null;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var pass = campaign.Pass;
        var delivered = 0;

        while (_allowance >= 1)
        {
            // Pending: not yet handled in this pass at the contact's current queue version (a re-queue makes it pending again).
            var take = (int)Math.Min(_allowance, 500);
            var candidates = await db.Contacts
                .Where(c => c.ContactListId == campaign.ContactListId
                            && !db.Deliveries.Any(d => d.CampaignId == campaign.Id && d.ContactId == c.Id && d.Pass == pass && d.QueueVersion == c.QueueVersion))
                .OrderBy(c => c.Sequence).Take(take).ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                await FinishAsync(db, campaign, body, cancellationToken);
                break;
            }

            var contacts = candidates.Select(c => (Contact: c, Data: JsonSerializer.Deserialize<Dictionary<string, string>>(c.DataJson) ?? [])).ToList();
            var keys = contacts.Select(c => KeyOf(c.Contact, c.Data)).Distinct().ToList();
            var seenKeys = (await db.Deliveries.Where(d => keys.Contains(d.ContactKey) && d.Outcome == DeliveryOutcome.Delivered)
                .Select(d => d.ContactKey).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var addresses = contacts.Select(c => AddressOf(c.Data, addressColumns).Address).OfType<string>().Select(SandboxOutbound.Normalize).Distinct().ToList();
            var blocked = (await db.DncEntries.Where(e => dncIds.Contains(e.DncListId) && addresses.Contains(e.Value))
                .Select(e => e.Value).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

            foreach (var (contact, data) in contacts)
            {
                var key = KeyOf(contact, data);
                var (column, address) = AddressOf(data, addressColumns);
                var outcome = !filters.All(f => SandboxFilters.Passes(f, data)) ? DeliveryOutcome.Filtered
                    : !contact.Callable ? DeliveryOutcome.Uncallable
                    : address is null ? DeliveryOutcome.NoAddress
                    : blocked.Contains(SandboxOutbound.Normalize(address)) ? DeliveryOutcome.Dnc
                    : DeliveryOutcome.Delivered;
                var duplicate = outcome == DeliveryOutcome.Delivered && !seenKeys.Add(key);
                db.Deliveries.Add(new SandboxDelivery
                {
                    CampaignId = campaign.Id,
                    ContactListId = contact.ContactListId,
                    ContactId = contact.Id,
                    ContactKey = key,
                    Channel = channel,
                    Column = outcome == DeliveryOutcome.Delivered ? column : null,
                    Address = outcome == DeliveryOutcome.Delivered ? address : null,
                    Subject = outcome == DeliveryOutcome.Delivered && template is not null ? SandboxResponses.Render(template, "subject", data) : null,
                    Outcome = outcome,
                    Duplicate = duplicate,
                    Pass = pass,
                    QueueVersion = contact.QueueVersion,
                    AtMs = now,
                });
                if (outcome != DeliveryOutcome.Filtered)
                {
                    _allowance -= 1;
                }

                if (outcome == DeliveryOutcome.Delivered)
                {
                    delivered++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return delivered;
    }

    /// <summary>
    /// The list is exhausted: the campaign is <c>complete</c>, unless it is <c>alwaysRunning</c> (then it stays <c>on</c>
    /// and reaches contacts added later). Only if nobody changed it meanwhile (a PUT or a stop wins; the next tick looks again).
    /// </summary>
    private async Task FinishAsync(SandboxDbContext db, SandboxCampaign campaign, JsonObject body, CancellationToken cancellationToken)
    {
        if (SandboxCampaignRules.AlwaysRunning(body))
        {
            return;
        }

        var seen = campaign.Json;
        var json = SandboxCampaigns.Bumped(body, time).ToJsonString();
        var changed = await db.Campaigns.Where(c => c.Id == campaign.Id && c.Status == CampaignStatus.On && c.Json == seen)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CampaignStatus.Complete).SetProperty(c => c.Json, json), cancellationToken);
        if (changed > 0)
        {
            SandboxLog.CampaignComplete(logger, campaign.Id);
        }
    }

    private static (string Channel, List<string> Columns) Addressing(string kind, JsonObject campaign)
    {
        if (kind == "voice")
        {
            return ("voice", (Arr(campaign, "phoneColumns") ?? []).Select(p => Str(p, "columnName")).OfType<string>().ToList());
        }

        if (Obj(campaign, "smsConfig") is { } sms)
        {
            return ("sms", [Str(sms, "phoneColumn")!]);
        }

        var email = Obj(campaign, "emailConfig");
        return ("email", (Arr(email, "emailColumns") ?? []).Select(c => c?.GetValue<string>()).OfType<string>().ToList());
    }

    private static string KeyOf(SandboxContact contact, Dictionary<string, string> data) =>
        data.TryGetValue(GenesysContactIds.ContactKeyColumn, out var key) && !string.IsNullOrWhiteSpace(key)
            ? key
            : $"{contact.ContactListId}:{contact.Id}";

    private static (string? Column, string? Address) AddressOf(Dictionary<string, string> data, List<string> columns) =>
        columns.Select(c => (Column: (string?)c, Address: data.GetValueOrDefault(c))).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v.Address));
}

internal static partial class SandboxLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Genesys sandbox delivery tick failed")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Genesys sandbox campaign {CampaignId} complete")]
    public static partial void CampaignComplete(ILogger logger, string campaignId);
}
