using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Sandbox;

/// <summary>
/// <c>GET /sandbox/genesys/_stats</c> (contract.md): requests, 429s and 5xx since the sandbox started; contacts held
/// (distinct: a contact posted again with its id updates), messages delivered and duplicate deliveries from its file.
/// </summary>
internal sealed class SandboxStats(SandboxState state, IDbContextFactory<SandboxDbContext> dbFactory)
{
    public async Task<SandboxStatsSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contacts = await db.Contacts.LongCountAsync(cancellationToken);
        var delivered = await db.Deliveries.LongCountAsync(d => d.Outcome == DeliveryOutcome.Delivered, cancellationToken);
        var duplicates = await db.Deliveries.LongCountAsync(d => d.Duplicate, cancellationToken);
        return new SandboxStatsSnapshot(state.Requests, state.RateLimited, state.ServerErrors, contacts, delivered, duplicates);
    }

    /// <summary>The latest deliveries, newest first, for the Sandbox page (which masks the addresses).</summary>
    public async Task<IReadOnlyList<SandboxDeliveryView>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Deliveries.OrderByDescending(d => d.Sequence).Take(count).ToListAsync(cancellationToken);
        var campaignIds = rows.Select(r => r.CampaignId).Distinct().ToList();
        var names = await db.Campaigns.Where(c => campaignIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return [.. rows.Select(r => new SandboxDeliveryView(DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs),
            names.GetValueOrDefault(r.CampaignId) ?? r.CampaignId, r.Channel, r.ContactKey, SandboxMask.Address(r.Channel, r.Address),
            r.Outcome, r.Duplicate))];
    }
}

internal sealed record SandboxStatsSnapshot(
    long Requests, long RateLimited, long ServerErrors, long ContactsReceived, long MessagesDelivered, long DuplicateDeliveries);

/// <summary>One delivery as the console may show it: the address is already masked.</summary>
internal sealed record SandboxDeliveryView(DateTimeOffset At, string Campaign, string Channel, string ContactKey, string MaskedAddress,
    string Outcome, bool Duplicate);

/// <summary>An address as the console shows people: through the vault's one mask renderer (<c>PersonMask</c>).</summary>
internal static class SandboxMask
{
    public static string Address(string channel, string? address) =>
        string.IsNullOrWhiteSpace(address) ? "—"
        : channel == "email" || address.Contains('@', StringComparison.Ordinal) ? Core.Vault.PersonMask.Email(address)
        : Core.Vault.PersonMask.Phone(address);
}
