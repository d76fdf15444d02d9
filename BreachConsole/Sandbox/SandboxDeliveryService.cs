using System.Globalization;
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
/// with nothing left is complete.
/// </summary>
internal sealed class SandboxDeliveryService(IDbContextFactory<SandboxDbContext> dbFactory, IOptions<GenesysOptions> options, TimeProvider time,
    ILogger<SandboxDeliveryService> logger) : BackgroundService
{
    private double _allowance;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // The sandbox's own scratch state, not the product's data: EnsureCreated instead of migrations (see SandboxDbContext).
            await db.Database.EnsureCreatedAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
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
                    await TickAsync(stoppingToken);
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

    /// <summary>One second's deliveries. Public to the tests, which call it instead of waiting for the timer.</summary>
    internal async Task<int> TickAsync(CancellationToken cancellationToken)
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
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var delivered = 0;

        while (_allowance >= 1)
        {
            var take = (int)Math.Min(_allowance, 500);
            var candidates = await db.Contacts
                .Where(c => c.ContactListId == campaign.ContactListId && !db.Deliveries.Any(d => d.CampaignId == campaign.Id && d.ContactId == c.Id))
                .OrderBy(c => c.Sequence).Take(take).ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                campaign.Status = CampaignStatus.Complete;
                SandboxLog.CampaignComplete(logger, campaign.Id);
                break;
            }

            var contacts = candidates.Select(c => (Contact: c, Data: JsonSerializer.Deserialize<Dictionary<string, string>>(c.DataJson) ?? [])).ToList();
            var keys = contacts.Select(c => KeyOf(c.Contact, c.Data)).Distinct().ToList();
            var seenKeys = (await db.Deliveries.Where(d => keys.Contains(d.ContactKey) && d.Outcome == DeliveryOutcome.Delivered)
                .Select(d => d.ContactKey).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var addresses = contacts.Select(c => AddressOf(c.Data, addressColumns)).OfType<string>().Select(SandboxOutbound.Normalize).Distinct().ToList();
            var blocked = (await db.DncEntries.Where(e => dncIds.Contains(e.DncListId) && addresses.Contains(e.Value))
                .Select(e => e.Value).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

            foreach (var (contact, data) in contacts)
            {
                var key = KeyOf(contact, data);
                var address = AddressOf(data, addressColumns);
                var outcome = !filters.All(f => Passes(f, data)) ? DeliveryOutcome.Filtered
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
                    Address = outcome == DeliveryOutcome.Delivered ? address : null,
                    Outcome = outcome,
                    Duplicate = duplicate,
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

        await db.SaveChangesAsync(cancellationToken);
        return delivered;
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

    private static string? AddressOf(Dictionary<string, string> data, List<string> columns) =>
        columns.Select(c => data.GetValueOrDefault(c)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>A contact list filter: predicates combine by their clause's filterType, clauses by the filter's.</summary>
    internal static bool Passes(JsonObject filter, Dictionary<string, string> data)
    {
        var clauses = (Arr(filter, "clauses") ?? []).OfType<JsonObject>().ToList();
        if (clauses.Count == 0)
        {
            return true;
        }

        bool Clause(JsonObject clause)
        {
            var results = (Arr(clause, "predicates") ?? []).OfType<JsonObject>().Select(p => Predicate(p, data)).ToList();
            return Str(clause, "filterType") == "OR" ? results.Any(r => r) : results.All(r => r);
        }

        return Str(filter, "filterType") == "OR" ? clauses.Any(Clause) : clauses.All(Clause);
    }

    private static bool Predicate(JsonObject predicate, Dictionary<string, string> data)
    {
        var actual = data.GetValueOrDefault(Str(predicate, "column") ?? "") ?? "";
        var expected = predicate["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        var numeric = Str(predicate, "columnType") == "numeric";
        int Compare() => numeric && double.TryParse(actual, CultureInfo.InvariantCulture, out var a) && double.TryParse(expected, CultureInfo.InvariantCulture, out var e)
            ? a.CompareTo(e)
            : string.Compare(actual, expected, StringComparison.OrdinalIgnoreCase);
        var result = Str(predicate, "operator") switch
        {
            "EQUALS" => Compare() == 0,
            "LESS_THAN" => Compare() < 0,
            "LESS_THAN_EQUALS" => Compare() <= 0,
            "GREATER_THAN" => Compare() > 0,
            "GREATER_THAN_EQUALS" => Compare() >= 0,
            "CONTAINS" => actual.Contains(expected, StringComparison.OrdinalIgnoreCase),
            "BEGINS_WITH" => actual.StartsWith(expected, StringComparison.OrdinalIgnoreCase),
            "ENDS_WITH" => actual.EndsWith(expected, StringComparison.OrdinalIgnoreCase),
            "IN" => expected.Split(',', StringSplitOptions.TrimEntries).Contains(actual, StringComparer.OrdinalIgnoreCase),
            _ => true,
        };
        return predicate["inverted"] is JsonValue inv && inv.TryGetValue<bool>(out var inverted) && inverted ? !result : result;
    }
}

internal static partial class SandboxLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Genesys sandbox delivery tick failed")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Genesys sandbox campaign {CampaignId} complete")]
    public static partial void CampaignComplete(ILogger logger, string campaignId);
}
